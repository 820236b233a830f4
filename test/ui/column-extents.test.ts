import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnCounts, columnExtents, columnOf, ratioExtents } from '../../src/ui/chart/column-extents.ts';

describe('downsampling a series to pixel columns', () => {
  it('keeps the least and greatest value of each column, so a one-step spike shows', () => {
    const values = new Float64Array(1_000_001);
    values[123_456] = 99;
    const e = columnExtents(values, values.length, 1_000_000, 500);
    expect(e.count).toBe(500);
    const spike = columnOf(123_456, 1_000_000, 500);
    expect(e.max[spike]).toBe(99);
    expect(Array.from(e.max).filter((v) => v > 0)).toEqual([99]);
  });

  it('gives each step its own column when there are fewer steps than columns, first and last at the edges', () => {
    const e = columnExtents([0, 10, 20, 30], 4, 3, 300);
    expect(Array.from(e.column.subarray(0, e.count))).toEqual([0, 100, 200, 299]);
    expect(Array.from(e.min.subarray(0, e.count))).toEqual([0, 10, 20, 30]);
  });

  it('agrees with a naive min / max per column, for dense and sampled series', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 64 }), fc.nat(3), (values, columns, stride) => {
        const step = (k: number) => k * (stride + 1);
        const lastStep = step(values.length - 1) + stride;
        // Stride 0 is a dense series: the run-by-run path; otherwise the sampled one.
        const e = stride === 0 ? columnExtents(values, values.length, lastStep, columns) : columnExtents(values, values.length, lastStep, columns, values.map((_, k) => step(k)));
        const naive = new Map<number, [number, number]>();
        values.forEach((v, k) => {
          const c = columnOf(step(k), lastStep, columns);
          const [lo, hi] = naive.get(c) ?? [Infinity, -Infinity];
          naive.set(c, [Math.min(lo, v), Math.max(hi, v)]);
        });
        expect(e.count).toBe(naive.size);
        for (let k = 0; k < e.count; k++) expect([e.min[k], e.max[k]]).toEqual(naive.get(e.column[k]));
        expect([...e.column.subarray(0, e.count)]).toEqual([...naive.keys()].sort((a, b) => a - b));
      }),
    );
  });

  it('divides a dense series by another, step by step, 0 where the divisor is 0', () => {
    const e = ratioExtents([0, 50, 80, 80], [0, 100, 100, 160], 4, 3, 2);
    expect(Array.from(e.column.subarray(0, e.count))).toEqual([0, 1]);
    expect([e.min[0], e.max[0], e.min[1], e.max[1]]).toEqual([0, 0.5, 0.5, 0.8]);
  });

  it('divides as a dense series of the quotients would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(500), fc.nat(500)), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (pairs, columns) => {
        const num = pairs.map(([a]) => a);
        const den = pairs.map(([, b]) => b);
        const quotients = pairs.map(([a, b]) => (b > 0 ? a / b : 0));
        expect(ratioExtents(num, den, pairs.length, pairs.length - 1, columns)).toEqual(columnExtents(quotients, pairs.length, pairs.length - 1, columns));
      }),
    );
  });

  it('counts failures per column: many in one pixel are one tick with their count', () => {
    const steps = Int32Array.from([1, 2, 3, 500_000, 1_000_000]);
    const counts = columnCounts(steps, steps.length, 1_000_000, 100);
    expect(counts[0]).toBe(3);
    expect(counts[50]).toBe(1);
    expect(counts[99]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('puts everything in the first column of an empty timeline', () => {
    expect(columnOf(0, 0, 10)).toBe(0);
    const e = columnExtents([7], 1, 0, 10);
    expect(e.count).toBe(1);
    expect(e.column[0]).toBe(0);
  });
});
