import fc from 'fast-check';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';

export type RawOp = readonly [kind: OpCode, id: number, size: number];

/**
 * Random operation lists over a few ids, valid or not (a free of a dead id,
 * an alloc of a live one, size 0 are failures the driver reports), so that
 * timelines meet failures as well as work.
 */
export function arbitraryOps(options: { maxLength: number; ids?: number; maxSize?: number }): fc.Arbitrary<RawOp[]> {
  const id = fc.nat({ max: (options.ids ?? 12) - 1 });
  const size = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: options.maxSize ?? 700 }) }, { weight: 1, arbitrary: fc.constant(0) });
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.constant(OpCode.Alloc), id, size) },
      { weight: 4, arbitrary: fc.tuple(fc.constant(OpCode.Free), id, fc.constant(0)) },
      { weight: 2, arbitrary: fc.tuple(fc.constant(OpCode.Realloc), id, size) },
    ),
    { maxLength: options.maxLength },
  );
}

export function toOpList(raw: readonly RawOp[]): OpList {
  const ops = new OpList(Math.max(1, raw.length));
  raw.forEach(([kind, id, size], i) => ops.push(kind, id, size, i + 1));
  return ops;
}
