import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { DENSE_CELLS, IdState, type LiveTable } from '../../src/core/live-table.ts';
import { applyFast } from '../../src/core/replay.ts';
import { arbitraryOps, toOpList } from '../timeline/random-ops.ts';

/** The live blocks as the id-indexed columns hold them, and as the dense list does: the same set, each at its slot. */
function expectDenseListOfLive(table: LiveTable): void {
  const fromColumns: number[][] = [];
  for (let id = 0; id < table.idLimit; id++) {
    if (table.state[id] === IdState.Live) fromColumns.push([id, table.payload[id], table.span[id], table.requested[id]]);
  }
  const fromList: number[][] = [];
  for (let k = 0; k < table.liveCount; k++) {
    const entry = Array.from(table.dense.subarray(k * DENSE_CELLS, (k + 1) * DENSE_CELLS));
    expect(table.slot[entry[0]]).toBe(k);
    fromList.push(entry);
  }
  fromList.sort((a, b) => a[0] - b[0]);
  expect(fromList).toEqual(fromColumns);
}

describe('the live table', () => {
  it('lists exactly its live blocks densely, through allocs, frees, reallocs, failures and restores', () => {
    fc.assert(
      fc.property(arbitraryOps({ maxLength: 400, ids: 40, maxSize: 900 }), fc.nat({ max: 399 }), (raw, at) => {
        const ops = toOpList(raw);
        const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 64 * 1024, events: false, shared: false });
        let snapshot = driver.snapshot();
        for (let i = 0; i < ops.length; i++) {
          applyFast(driver, ops, i);
          if (i === at) snapshot = driver.snapshot();
        }
        expectDenseListOfLive(driver.live);
        driver.restore(snapshot);
        expectDenseListOfLive(driver.live);
        for (let i = Math.min(at + 1, ops.length); i < ops.length; i++) applyFast(driver, ops, i);
        expectDenseListOfLive(driver.live);
      }),
      { numRuns: 120 },
    );
  });

  it('keeps its dense list through the growth of its columns', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 20, events: false, shared: false });
    for (let id = 0; id < 5000; id++) driver.allocFast(id, 16 + (id % 40));
    for (let id = 0; id < 5000; id += 3) driver.freeFast(id);
    expect(driver.live.capacity).toBeGreaterThan(1024);
    expectDenseListOfLive(driver.live);
  });
});
