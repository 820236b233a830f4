import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSparse, encodeSparse, sparseBytes } from '../../src/core/timeline/sparse-image.ts';

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
