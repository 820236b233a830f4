import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapMemory, NIL } from '../../src/core/heap-memory.ts';
import { decodeSparse, encodeSparse, encodeSparseSince, sparseBytes, zeroSince, type SparseImage } from '../../src/core/timeline/sparse-image.ts';

const mostlyZeros = fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 0xffffffff }) }), { maxLength: 300 });

describe('a sparse image', () => {
  it('decodes to the cells it was encoded from', () => {
    fc.assert(
      fc.property(mostlyZeros, (cells) => {
        const from = Uint32Array.from(cells);
        const image = encodeSparse(from, from.length);
        const into = new Uint32Array(from.length);
        decodeSparse(image, into);
        expect(Array.from(into)).toEqual(cells);
        expect(image.values.length).toBe(cells.filter((c) => c !== 0).length);
      }),
    );
  });

  it('trims the zeros after the last non-zero cell', () => {
    const from = new Uint32Array(1000);
    from[3] = 1;
    from[70] = 0xffffffff;
    const image = encodeSparse(from, 1000);
    expect(image.cells).toBe(71);
    expect(image.mask.length).toBe(3);
    expect(encodeSparse(new Uint32Array(64), 64).cells).toBe(0);
  });

  it('takes a thirty-second of the raw bytes, plus four a non-zero cell', () => {
    const from = new Uint32Array(32 * 1024);
    for (let i = 0; i < from.length; i += 64) from[i] = i + 1;
    const image = encodeSparse(from, from.length);
    expect(sparseBytes(image)).toBe(from.byteLength / 32 + (from.length / 64) * 4);
  });
});

/** What a tracked heap goes through: writes through the memory's methods, images taken since the last one, restores of an earlier image. */
type Step =
  | { readonly kind: 'word'; readonly at: number; readonly value: number }
  | { readonly kind: 'cell'; readonly at: number; readonly value: number }
  | { readonly kind: 'copy'; readonly from: number; readonly to: number; readonly length: number }
  | { readonly kind: 'zero'; readonly from: number; readonly to: number }
  | { readonly kind: 'image' }
  | { readonly kind: 'restore'; readonly which: number };

const HEAP = 2048;
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('word' as const), at: fc.nat({ max: HEAP / 8 - 1 }).map((w) => w * 8), value: fc.oneof(fc.constant(0), fc.constant(NIL), fc.nat({ max: HEAP })) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('cell' as const), at: fc.nat({ max: HEAP / 4 - 1 }).map((c) => c * 4), value: fc.oneof(fc.constant(0), fc.nat({ max: 0xffffffff })) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), from: fc.nat({ max: HEAP - 1 }), to: fc.nat({ max: HEAP - 1 }), length: fc.nat({ max: 300 }) }).map((c) => ({ ...c, length: Math.min(c.length, HEAP - c.from, HEAP - c.to) })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: HEAP }), fc.nat({ max: HEAP })).map(([a, b]) => ({ kind: 'zero' as const, from: Math.min(a, b), to: Math.max(a, b) })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'image' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), which: fc.nat() }) },
  ),
  { maxLength: 120 },
);

describe('an image taken since the last one, on a heap that tracks its writes', () => {
  it('is the image of the whole heap, and a restore through it puts back exactly the cells of the image restored', () => {
    fc.assert(
      fc.property(steps, (script) => {
        const memory = HeapMemory.create(HEAP, false);
        memory.trackWrites();
        let base: SparseImage = encodeSparse(memory.u32, 0);
        const images: SparseImage[] = [base];
        for (const step of script) {
          if (step.kind === 'word') memory.writeWord(step.at, step.value);
          else if (step.kind === 'cell') memory.write32(step.at, step.value);
          else if (step.kind === 'copy') memory.copy(step.from, step.to, step.length);
          else if (step.kind === 'zero') memory.zero(step.from, step.to);
          else if (step.kind === 'image') {
            const since = encodeSparseSince(base, memory.u32, memory.u32.length, memory.written!);
            const whole = encodeSparse(memory.u32, memory.u32.length);
            expect(since.cells).toBe(whole.cells);
            expect(Array.from(since.mask)).toEqual(Array.from(whole.mask));
            expect(Array.from(since.values)).toEqual(Array.from(whole.values));
            base = since;
            images.push(since);
            memory.forgetWrites();
          } else {
            const image = images[step.which % images.length];
            zeroSince(base, memory.u32, memory.written!);
            decodeSparse(image, memory.u32);
            const expected = new Uint32Array(HEAP / 4);
            decodeSparse(image, expected);
            expect(Array.from(memory.u32)).toEqual(Array.from(expected));
            base = image;
            memory.forgetWrites();
          }
        }
      }),
    );
  });

  it('reads only the groups written since: a cell changed behind the memory\'s back goes unseen', () => {
    const memory = HeapMemory.create(1024, false);
    memory.trackWrites();
    const base = encodeSparse(memory.u32, 0);
    memory.writeWord(8, 77);
    memory.u32[100] = 5;
    const since = encodeSparseSince(base, memory.u32, 256, memory.written!);
    expect(Array.from(since.values)).toEqual([77]);
    expect(encodeSparse(memory.u32, 256).values.length).toBe(2);
  });
});
