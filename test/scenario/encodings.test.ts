import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/core/scenario/base64url.ts';
import { ByteReader, ByteWriter, PayloadError } from '../../src/core/scenario/bytes.ts';
import { crc32 } from '../../src/core/scenario/crc32.ts';
import { deflateRaw, inflateRawCapped } from '../../src/core/scenario/deflate.ts';
import { readVarint, unzigzag, varintLength, writeVarint, zigzag } from '../../src/core/scenario/varint.ts';

describe('varints', () => {
  it('take one byte up to 127, two up to 16383, and read back every safe integer', () => {
    expect([0, 127, 128, 16383, 16384, 2 ** 32, Number.MAX_SAFE_INTEGER].map(varintLength)).toEqual([1, 1, 2, 2, 3, 5, 8]);
    fc.assert(
      fc.property(fc.oneof(fc.nat(300), fc.nat(), fc.maxSafeNat()), (v) => {
        const buf = new Uint8Array(8);
        const end = writeVarint(buf, 0, v);
        expect(end).toBe(varintLength(v));
        const cursor = { pos: 0 };
        expect(readVarint(buf, cursor, end)).toBe(v);
        expect(cursor.pos).toBe(end);
      }),
    );
  });

  it('report a varint cut short or longer than 8 bytes, without moving the cursor', () => {
    const cursor = { pos: 0 };
    expect(readVarint(new Uint8Array([0x80, 0x80]), cursor)).toBe('truncated');
    expect(readVarint(new Uint8Array(9).fill(0x80), cursor)).toBe('too-long');
    expect(readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), cursor)).toBe('too-long');
    expect(cursor.pos).toBe(0);
  });

  it('zigzag small magnitudes of either sign to small numbers and back', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger().map((n) => Math.trunc(n / 4) || 0)), (n) => {
        expect(unzigzag(zigzag(n))).toBe(n);
      }),
    );
  });
});

describe('byte streams', () => {
  it('read back what was written: varints, signed numbers, floats, strings with any Unicode', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.oneof(fc.integer(), fc.maxSafeInteger().map((n) => Math.trunc(n / 4) || 0)), fc.double(), fc.string({ unit: 'grapheme' }), (n, s, d, text) => {
        const w = new ByteWriter();
        w.varint(n);
        w.signed(s);
        w.f64(d);
        w.string(`\ufeff${text}`);
        const r = new ByteReader(w.bytes());
        expect([r.varint('n'), r.signed('s'), r.f64('d'), r.string('t', 1 << 20)]).toEqual([n, s, d, `\ufeff${text}`]);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('refuse a string longer than its limit or than the bytes left, before reading it', () => {
    const w = new ByteWriter();
    w.varint(1000);
    expect(() => new ByteReader(w.bytes()).string('the name', 100)).toThrow(new PayloadError('the name is 1000 bytes long, more than the 100 allowed'));
    expect(() => new ByteReader(w.bytes()).string('the name', 5000)).toThrow(new PayloadError('the data ends inside the name'));
  });
});

describe('base64url', () => {
  it('round-trips any bytes with no padding and only URL-safe characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text.length).toBe(Math.ceil((bytes.length * 4) / 3));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
    );
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('refuses foreign characters, impossible lengths and stray bits, so each text means one byte string', () => {
    expect(decodeBase64url('AB+C')).toBe('character 3 ("+") is not a base64url character');
    expect(decodeBase64url('ABCDE')).toBe('its length (5 characters) is not one base64url can have');
    expect(decodeBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(decodeBase64url('AB')).toBe('its last character has bits set that no byte uses');
  });
});

describe('the checksum', () => {
  it('is the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('raw deflate', () => {
  it('inflates what it deflated', async () => {
    const bytes = new TextEncoder().encode('alloc 16 '.repeat(1000));
    const packed = await deflateRaw(bytes);
    expect(packed.length).toBeLessThan(100);
    expect(await inflateRawCapped(packed, 1 << 20)).toEqual({ ok: true, bytes });
  });

  it('stops inflating at the cap, and says when data is not deflate', async () => {
    const packed = await deflateRaw(new Uint8Array(1 << 20));
    expect(await inflateRawCapped(packed, 1000)).toEqual({ ok: false, why: 'too-large' });
    expect(await inflateRawCapped(packed.subarray(0, packed.length >> 1), 1 << 21)).toEqual({ ok: false, why: 'damaged' });
    expect(await inflateRawCapped(new Uint8Array([0xff, 0xff, 0xff]), 1000)).toEqual({ ok: false, why: 'damaged' });
  });
});
