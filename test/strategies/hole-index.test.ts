import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HoleIndex } from '../../src/core/strategies/hole-index.ts';

/** The index's entries in order, read through first/next. */
function entries(index: HoleIndex): [number, number][] {
  const out: [number, number][] = [];
  for (let p = index.first(); p >= 0; p = index.next(p)) out.push([index.addrAt(p), index.sizeAt(p)]);
  return out;
}

type Op =
  | { op: 'insert'; at: number; size: number }
  | { op: 'remove'; pick: number }
  | { op: 'grow' | 'shrink'; pick: number; by: number }
  | { op: 'query'; at: number; size: number };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(100_000), size: fc.integer({ min: 16, max: 4000 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('grow' as const, 'shrink' as const), pick: fc.nat(), by: fc.integer({ min: 1, max: 3000 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('query' as const), at: fc.nat(100_000), size: fc.integer({ min: 1, max: 5000 }) }) },
  ),
  { minLength: 500, maxLength: 1500 },
);

describe('the hole index', () => {
  it('answers like a sorted array through inserts, removals, size changes and chunk splits', () => {
    let most = 0;
    /** Throws unless the index answered as the model did (plain comparisons: thousands per run). */
    const same = (what: string, got: number, want: number) => {
      if (got !== want) throw new Error(`${what}: the index says ${got}, a sorted array ${want}`);
    };
    fc.assert(
      fc.property(ops, (program) => {
        const index = new HoleIndex(1);
        const model: [number, number][] = [];
        const positionOf = (k: number) => index.locate(model[k][0]);
        for (const o of program) {
          if (o.op === 'insert') {
            if (model.some(([a]) => a === o.at)) continue;
            const k = model.findIndex(([a]) => a > o.at);
            index.insert(k < 0 ? -1 : positionOf(k), o.at, o.size);
            model.splice(k < 0 ? model.length : k, 0, [o.at, o.size]);
          } else if (o.op === 'remove') {
            if (model.length === 0) continue;
            const k = o.pick % model.length;
            index.remove(positionOf(k));
            model.splice(k, 1);
          } else if (o.op === 'grow' || o.op === 'shrink') {
            if (model.length === 0) continue;
            const k = o.pick % model.length;
            const size = o.op === 'grow' ? model[k][1] + o.by : Math.max(16, model[k][1] - o.by);
            index.set(positionOf(k), model[k][0], size);
            model[k][1] = size;
          } else if (o.op === 'query') {
            const want = (from: number, fit: (s: number) => boolean) => model.findIndex(([a, s], i) => i >= from && a >= 0 && fit(s));
            const first = want(0, (s) => s >= o.size);
            const addr = (p: number) => (p < 0 ? -1 : index.addrAt(p));
            const modelAddr = (k: number) => (k < 0 ? -1 : model[k][0]);
            same(`firstFit(${o.size})`, addr(index.firstFit(o.size)), modelAddr(first));
            const from = model.findIndex(([a]) => a >= o.at);
            same(`locate(${o.at})`, addr(index.locate(o.at)), modelAddr(from));
            if (from >= 0) {
              const after = want(from, (s) => s >= o.size);
              same(`firstFitFrom(${o.at}, ${o.size})`, addr(index.firstFitFrom(index.locate(o.at), o.size)), modelAddr(after));
            }
            let best = -1;
            model.forEach(([, s], i) => {
              if (s >= o.size && (best < 0 || s < model[best][1])) best = i;
            });
            same(`bestFit(${o.size})`, addr(index.bestFit(o.size)), modelAddr(best));
          }
          most = Math.max(most, model.length);
          same('count', index.count, model.length);
        }
        expect(entries(index)).toEqual(model);
        expect(index.largest()).toBe(Math.max(0, ...model.map(([, s]) => s)));
        const last = index.last();
        expect(last < 0 ? null : index.addrAt(last)).toBe(model.length ? model[model.length - 1][0] : null);
        for (let p = index.last(), k = model.length - 1; p >= 0; p = index.prev(p), k--) expect(index.addrAt(p)).toBe(model[k][0]);
      }),
      { numRuns: 30 },
    );
    // Long enough to split chunks of 32 several times.
    expect(most).toBeGreaterThan(100);
  });

  it('is empty after clear', () => {
    const index = new HoleIndex();
    index.insert(-1, 64, 32);
    index.clear();
    expect([index.count, index.first(), index.last(), index.locate(0), index.firstFit(1), index.largest()]).toEqual([0, -1, -1, -1, -1, 0]);
  });
});
