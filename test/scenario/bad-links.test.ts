import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/core/scenario/base64url.ts';
import { ByteWriter } from '../../src/core/scenario/bytes.ts';
import { crc32 } from '../../src/core/scenario/crc32.ts';
import { deflateRaw } from '../../src/core/scenario/deflate.ts';
import { MAX_LINK_CHARS } from '../../src/core/scenario/limits.ts';
import { decodeLink, encodeLink } from '../../src/core/scenario/link.ts';
import { encodePayloadV1 } from '../../src/core/scenario/payload.ts';
import { restoreScenario, type RestoreResult } from '../../src/core/scenario/restore.ts';
import type { Scenario } from '../../src/core/scenario/scenario.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';
import { anyScenario, plain } from './scenario-arbitraries.ts';

function scenario(raw: Record<string, unknown>): Scenario {
  const r = restoreScenario({ version: 1, ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

/** A link around hand-made payload bytes, with a correct checksum unless told otherwise. */
async function linkOf(write: (w: ByteWriter) => void, options: { checksum?: boolean; version?: number } = {}): Promise<string> {
  const w = new ByteWriter();
  write(w);
  if (options.checksum !== false) w.u32(crc32(w.bytes()));
  return `#s=${options.version ?? 1}.${encodeBase64url(await deflateRaw(w.bytes()))}`;
}

/** The v1 header up to the operations: lululucator, 64 KiB, step 0, nothing selected, zoom 1, scroll 0, clicks. */
function header(w: ByteWriter, over: { heapSize?: number; strategy?: string } = {}): void {
  w.string(over.strategy ?? 'lululucator');
  w.varint(over.heapSize ?? 65536);
  w.varint(0);
  w.varint(0);
  w.f64(1);
  w.f64(0);
  w.varint(0);
}

function errorOf(r: RestoreResult): string {
  if (r.ok) throw new Error('the link was accepted');
  return r.error;
}

const sample = scenario({
  strategy: 'best-fit',
  ops: (() => {
    const ops = new OpList();
    for (let i = 0; i < 40; i++) ops.push(OpCode.Alloc, i, 8 * (i + 1), i + 1);
    for (let i = 0; i < 40; i += 3) ops.push(OpCode.Free, i, 0, 0);
    return ops;
  })(),
  selected: { id: 1 },
  view: { zoom: 2, scroll: 100 },
});

describe('a bad link', () => {
  it('cut short anywhere is refused with a message, never opened as another scenario', async () => {
    const link = await encodeLink(sample);
    for (let cut = link.length - 1; cut >= 0; cut--) {
      const r = await decodeLink(link.slice(0, cut));
      expect(r.ok, `cut at ${cut}`).toBe(false);
      expect(errorOf(r)).toMatch(/^this link (is damaged|does not hold a scenario)/);
    }
  });

  it('with any one character changed is refused, or opens the very same scenario', async () => {
    const link = await encodeLink(sample);
    const start = '#s=1.'.length;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let refused = 0;
    for (let i = start; i < link.length; i++) {
      for (const c of [alphabet[(alphabet.indexOf(link[i]) + 1) % 64], alphabet[(alphabet.indexOf(link[i]) + 32) % 64]]) {
        const r = await decodeLink(link.slice(0, i) + c + link.slice(i + 1));
        if (r.ok) expect(plain(r.scenario)).toEqual(plain(sample));
        else refused++;
      }
    }
    expect(refused).toBeGreaterThan((link.length - start) * 2 - 4);
  });

  it('with a bit flipped anywhere in its payload is caught by the checksum, even where the data still inflates', async () => {
    await fc.assert(
      fc.asyncProperty(anyScenario, fc.nat(), fc.integer({ min: 0, max: 7 }), async (s, at, bit) => {
        const bytes = encodePayloadV1(s);
        bytes[at % bytes.length] ^= 1 << bit;
        const r = await decodeLink(`#s=1.${encodeBase64url(await deflateRaw(bytes))}`);
        expect(errorOf(r)).toBe('this link is damaged: its checksum does not match: characters were changed or lost');
      }),
      { numRuns: 100 },
    );
  });

  it('from a newer version says so and names the version', async () => {
    const link = await encodeLink(sample);
    const r = await decodeLink(link.replace('#s=1.', '#s=99.'));
    expect(errorOf(r)).toBe('this link was made by a newer version of the explorer (v99); this one reads up to v1: reload the page to get the newest version');
    expect(errorOf(await decodeLink(link.replace('#s=1.', '#s=0.')))).toBe('this link has version 0, which no version of the explorer wrote');
  });

  it('that is not a scenario link at all says what a scenario link looks like', async () => {
    for (const fragment of ['', '#', '#x=1.AAAA', '#s=', '#s=AAAA', '#s=v1.AAAA', '#s=1234567890.AAAA']) {
      expect(errorOf(await decodeLink(fragment))).toMatch(/^this link does not hold a scenario: it should end in #s=/);
    }
  });

  it('with characters outside base64url names the character, as text', async () => {
    const r = await decodeLink('#s=1.AAAA<script>alert(1)</script>');
    expect(errorOf(r)).toBe('this link is damaged: character 5 ("<") is not a base64url character');
  });

  it('longer than the limit is refused before it is read', async () => {
    const huge = `#s=1.${'A'.repeat(MAX_LINK_CHARS * 16)}`;
    const t = performance.now();
    expect(errorOf(await decodeLink(huge))).toBe(`this link is too long (${huge.length} characters; a scenario link has at most ${MAX_LINK_CHARS})`);
    expect(performance.now() - t).toBeLessThan(50);
  });

  it('that declares absurd counts and sizes is refused without allocating for them', async () => {
    const sourceFile = (w: ByteWriter) => {
      header(w);
      const bytes = w.bytes();
      bytes[bytes.length - 1] = 2; // the source: a file, whose name comes next
    };
    const cases: [string, (w: ByteWriter) => void, RegExp][] = [
      ['2^50 operations', (w) => (header(w), w.varint(2 ** 50)), /declares 1125899906842624 operations, more than the 1000000 a link may hold/],
      ['a million operations in a few bytes', (w) => (header(w), w.varint(1_000_000)), /declares 1000000 operations but holds at most \d+/],
      ['a 2^50-byte strategy name', (w) => w.varint(2 ** 50), /the strategy name is 1125899906842624 bytes long, more than the 64 allowed/],
      ['a 2^50-byte file name', (w) => (sourceFile(w), w.varint(2 ** 50)), /the file name is 1125899906842624 bytes long, more than the 1020 allowed/],
      ['an id of 2^40', (w) => (header(w), w.varint(1), w.varint(2 ** 40 * 2 * 4), w.varint(8)), /names id 1099511627776, outside 0..1048575/],
      ['a size of 2^52', (w) => (header(w), w.varint(1), w.varint(0), w.varint(2 ** 52)), /asks for 4503599627370496 bytes, more than 2\^48/],
      ['a number past 2^53', (w) => (header(w), w.varint(1), w.varint(0), w.varint(2 ** 53), w.varint(0)), /the size of operation 1 is too large a number/],
      ['a free before any alloc', (w) => (header(w), w.varint(1), w.varint(1)), /operation 1 names id -1, outside 0..1048575/],
      ['an unknown operation kind', (w) => (header(w), w.varint(1), w.varint(3)), /operation 1 has an unknown kind \(3\)/],
    ];
    for (const [what, write, message] of cases) {
      const t = performance.now();
      const r = await decodeLink(await linkOf(write));
      expect(errorOf(r), what).toMatch(message);
      expect(performance.now() - t, what).toBeLessThan(200);
    }
  });

  it('with a heap past the engine limit is refused by restore, with the bound in the message', async () => {
    const r = await decodeLink(await linkOf((w) => (header(w, { heapSize: 2 ** 40 }), w.varint(0))));
    expect(errorOf(r)).toBe(`this link's scenario is not valid: "heapSize" must be a multiple of 8 from 64 to 1073741824 bytes, not 1099511627776`);
  });

  it('with bytes after the end of the scenario is refused', async () => {
    const r = await decodeLink(await linkOf((w) => (header(w), w.varint(0), w.varint(7))));
    expect(errorOf(r)).toBe('this link is damaged: 1 bytes follow the end of the scenario');
  });

  it('that inflates far past a scenario (a zip bomb) is refused at the cap', async () => {
    const bomb = await deflateRaw(new Uint8Array(24 * 1024 * 1024));
    const link = `#s=1.${encodeBase64url(bomb)}`;
    expect(link.length).toBeLessThan(MAX_LINK_CHARS);
    const r = await decodeLink(link);
    expect(errorOf(r)).toBe('this link is refused: its data inflates past 16 MiB, far more than a scenario needs');
  });

  it('keeps markup in a file name as plain text, and quotes an unknown strategy as data', async () => {
    const name = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const s = scenario({ source: { kind: 'file', name } });
    const r = await decodeLink(await encodeLink(s));
    expect(r.ok && r.scenario.source).toEqual({ kind: 'file', name });
    const bad = await decodeLink(await linkOf((w) => (header(w, { strategy: '<script>alert(1)</script>' }), w.varint(0))));
    expect(errorOf(bad)).toBe(
      'this link\'s scenario is not valid: unknown strategy "<script>alert(1)</script>": expected one of lululucator, bump, first-fit, next-fit, best-fit, fixed-block, buddy, implicit, tlsf',
    );
  });

  it('with a program that frees a block twice is refused, naming the operation', async () => {
    const r = await decodeLink(await linkOf((w) => (header(w), w.varint(3), w.varint(0), w.varint(16), w.varint(1), w.varint(1))));
    expect(errorOf(r)).toBe("this link's scenario is not valid: operation 3: free of id 0, which is already freed");
  });
});
