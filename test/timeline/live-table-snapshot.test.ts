import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdState, LiveTable } from '../../src/core/live-table.ts';
import { captureLiveTable, restoreLiveTable } from '../../src/core/timeline/live-table-snapshot.ts';

/** A table's meaning: each id's state, and the columns of the live ones. */
function meaning(table: LiveTable) {
  const ids: unknown[] = [];
  for (let id = 0; id < Math.max(table.idLimit, 40); id++) {
    ids.push(table.isLive(id) ? [id, table.payload[id], table.span[id], table.requested[id]] : [id, table.stateOf(id)]);
  }
  return { ids, counters: [table.liveCount, table.payloadBytes, table.spanBytes, table.idLimit] };
}

type Change = readonly [op: 'live' | 'release' | 'null', id: number, value: number];

function apply(table: LiveTable, changes: readonly Change[]): void {
  for (const [op, id, value] of changes) {
    if (op === 'live' && !table.isLive(id)) table.setLive(id, value * 8, value * 8 + 8, value * 8 - 3);
    else if (op === 'release' && table.isLive(id)) table.release(id, value % 2 === 0 ? IdState.Freed : IdState.Null);
    else if (op === 'null' && !table.isLive(id)) table.setNull(id);
  }
}

const changes = fc.array(fc.tuple(fc.constantFrom('live' as const, 'release' as const, 'null' as const), fc.nat({ max: 37 }), fc.integer({ min: 1, max: 99 })), { maxLength: 60 });

describe('a live table snapshot', () => {
  it.each([16, 18, 1024])('gives back every id state and live block of a table of capacity %i, whatever came between', (capacity) => {
    fc.assert(
      fc.property(changes, changes, (before, between) => {
        const table = new LiveTable(capacity, false);
        apply(table, before);
        const expected = meaning(table);
        const snapshot = captureLiveTable(table);
        apply(table, between);
        restoreLiveTable(table, snapshot);
        expect(meaning(table)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('takes a quarter byte an id and twelve bytes a live block', () => {
    const table = new LiveTable(1024, false);
    for (let id = 0; id < 1000; id++) table.setLive(id, id * 8, 8, 8);
    for (let id = 0; id < 1000; id += 2) table.release(id);
    const snapshot = captureLiveTable(table);
    expect(snapshot.states.byteLength).toBe(250);
    expect(snapshot.live.byteLength).toBe(500 * 12);
  });
});
