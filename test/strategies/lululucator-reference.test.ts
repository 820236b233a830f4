import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { referenceLululucator, type RefOp } from '../support/lululucator-reference.ts';

/** Random programs over a few ids: allocs of live ids and frees of dead ones are skipped by both sides alike. */
function programs(): fc.Arbitrary<RefOp[]> {
  const id = fc.integer({ min: 0, max: 15 });
  const size = fc.oneof(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 1, max: 700 }));
  return fc.array(
    fc.oneof(
      fc.record({ op: fc.constant('alloc' as const), id, size }),
      fc.record({ op: fc.constant('free' as const), id }),
      fc.record({ op: fc.constant('realloc' as const), id, size }),
    ),
    { maxLength: 200 },
  );
}

/** Keeps only the operations a well-formed program makes: alloc of a dead id, free/realloc of a live one. */
function wellFormed(ops: RefOp[]): RefOp[] {
  const live = new Set<number>();
  return ops.filter((o) => {
    if (o.op === 'alloc') {
      if (live.has(o.id)) return false;
      live.add(o.id);
      return true;
    }
    if (!live.has(o.id)) return false;
    if (o.op === 'free') live.delete(o.id);
    return true;
  });
}

describe('the Lululucator engine against an independent model of ALLOCATOR.md', () => {
  it('gives the same offset as the model for every operation of random programs', () => {
    fc.assert(
      fc.property(programs(), fc.constantFrom(512, 2048, 4096, 1 << 16), (raw, heapSize) => {
        const ops = wellFormed(raw);
        const expected = referenceLululucator(heapSize, ops);
        const d = new HeapDriver({ strategy: 'lululucator', heapSize, events: false });
        const got = ops.map((o) => {
          const r = o.op === 'alloc' ? d.alloc(o.id, o.size) : o.op === 'free' ? d.free(o.id) : d.realloc(o.id, o.size);
          return r.ok ? r.offset : null;
        });
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
