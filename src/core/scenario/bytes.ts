import { MAX_VARINT_BYTES, readVarint, unzigzag, writeVarint, zigzag } from './varint.ts';

/**
 * A growable byte buffer to write a payload into, and a bounds-checked
 * cursor to read one back. The reader never reads past its end and never
 * allocates more than the bytes it was given justify: a count or length read
 * from the data is checked against what remains before it is used.
 */

/** Bad payload bytes found by a {@link ByteReader}: caught by the link decoder, never shown raw. */
export class PayloadError extends Error {}

const utf8Encoder = new TextEncoder();

export class ByteWriter {
  private buf = new Uint8Array(256);
  private at = 0;

  get length(): number {
    return this.at;
  }

  /** An unsigned varint. Amortised O(1). */
  varint(value: number): void {
    this.room(MAX_VARINT_BYTES);
    this.at = writeVarint(this.buf, this.at, value);
  }

  /** A signed integer, zigzag then varint. Amortised O(1). */
  signed(value: number): void {
    this.varint(zigzag(value));
  }

  /** A float64, little-endian (8 bytes). Amortised O(1). */
  f64(value: number): void {
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.at, 8).setFloat64(0, value, true);
    this.at += 8;
  }

  /** A uint32, little-endian (4 bytes). Amortised O(1). */
  u32(value: number): void {
    this.room(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.at, 4).setUint32(0, value, true);
    this.at += 4;
  }

  /** A string: its UTF-8 byte length as a varint, then the bytes. O(length). */
  string(text: string): void {
    const bytes = utf8Encoder.encode(text);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** The bytes written so far (a view, not a copy). O(1). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.at + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class ByteReader {
  private readonly cursor = { pos: 0 };

  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}

  get pos(): number {
    return this.cursor.pos;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.end - this.cursor.pos;
  }

  /** An unsigned varint; `what` names it in the error. O(1). */
  varint(what: string): number {
    const v = readVarint(this.bytes, this.cursor, this.end);
    if (v === 'truncated') throw new PayloadError(`the data ends inside ${what}`);
    if (v === 'too-long') throw new PayloadError(`${what} is too large a number`);
    return v;
  }

  /** A zigzag signed varint. O(1). */
  signed(what: string): number {
    return unzigzag(this.varint(what));
  }

  /** A float64. O(1). */
  f64(what: string): number {
    this.need(8, what);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.cursor.pos, 8).getFloat64(0, true);
    this.cursor.pos += 8;
    return v;
  }

  /** A uint32. O(1). */
  u32(what: string): number {
    this.need(4, what);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.cursor.pos, 4).getUint32(0, true);
    this.cursor.pos += 4;
    return v;
  }

  /**
   * A string of at most `maxBytes` UTF-8 bytes. The declared length is
   * checked against the limit and the bytes left before anything is read.
   * O(length).
   */
  string(what: string, maxBytes: number): string {
    const n = this.varint(`the length of ${what}`);
    if (n > maxBytes) throw new PayloadError(`${what} is ${n} bytes long, more than the ${maxBytes} allowed`);
    this.need(n, what);
    let text: string;
    try {
      text = utf8Decoder.decode(this.bytes.subarray(this.cursor.pos, this.cursor.pos + n));
    } catch {
      throw new PayloadError(`${what} is not UTF-8 text`);
    }
    this.cursor.pos += n;
    return text;
  }

  private need(n: number, what: string): void {
    if (this.cursor.pos + n > this.end) throw new PayloadError(`the data ends inside ${what}`);
  }
}
