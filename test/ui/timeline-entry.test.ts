import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { describeError } from '../../src/core/failure.ts';
import { applyOp } from '../../src/core/replay.ts';
import { timelineDelta } from '../../src/core/timeline/timeline-delta.ts';
import { TimelineMirror } from '../../src/core/timeline/timeline-mirror.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode } from '../../src/core/trace/op-list.ts';
import { describeEntry, opEntry } from '../../src/ui/log/describe-entry.ts';
import { detailsMatch, timelineEntry } from '../../src/ui/log/timeline-entry.ts';
import { toOpList, type RawOp } from '../timeline/random-ops.ts';

const { Alloc, Free, Realloc } = OpCode;
const HEAP = 8192;

/** The Lululucator on 8 KiB: work, then each kind of failure, then free(NULL). */
const OPS: RawOp[] = [
  [Alloc, 0, 100], // 1: bump to 0
  [Alloc, 1, 40], // 2
  [Free, 0, 0], // 3
  [Alloc, 2, 9000], // 4: larger than the heap
  [Alloc, 3, 0], // 5: size 0
  [Free, 0, 0], // 6: double free
  [Alloc, 1, 8], // 7: id 1 is live
  [Alloc, 4, 8100], // 8: out of memory
  [Free, 4, 0], // 9: free of a null pointer (its alloc failed)
  [Realloc, 1, 300], // 10: moves
];

function mirrorOf(ops: RawOp[]): TimelineMirror {
  const timeline = new Timeline({ strategy: 'lululucator', heapSize: HEAP, ops: toOpList(ops), shared: false });
  timeline.build();
  const mirror = new TimelineMirror();
  mirror.apply(timelineDelta(timeline, 0));
  return mirror;
}

describe('an operation`s log line from the timeline mirror', () => {
  it('has the operation, block and outcome a straight replay has', () => {
    const mirror = mirrorOf(OPS);
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: HEAP });
    const list = toOpList(OPS);
    for (let i = 0; i < OPS.length; i++) {
      const r = applyOp(driver, list, i);
      const e = timelineEntry(mirror, i, driver.strategy.headerBytes, undefined);
      expect({ op: e.op, id: e.id, ok: e.ok, offset: e.offset }).toEqual({ op: r.op, id: r.id, ok: r.ok, offset: r.offset });
      expect(e.events).toEqual([]);
      if (!r.ok) {
        // The mirror has the failure's code, not its details: the reason is as full as the code allows.
        const reason = { 'bad-size': describeError(r.error), 'id-in-use': describeError(r.error), 'not-live': `block #${r.id} is not live (never allocated, or already freed)`, 'out-of-memory': 'out of memory' };
        expect(e.error).toBe(reason[r.error.code]);
      }
    }
  });

  it('reads like the debug build, without the actions it did not see', () => {
    const mirror = mirrorOf(OPS);
    const line = (i: number) => describeEntry(timelineEntry(mirror, i, 0, undefined), { radix: 'hex', heapSize: HEAP });
    expect(line(0)).toBe('alloc 100 -> 0x0000');
    expect(line(2)).toBe('free 0x0000 #0');
    expect(line(4)).toBe('alloc 0 failed: size 0: nothing to allocate');
    expect(line(5)).toBe('free #0 failed: block #0 is not live (never allocated, or already freed)');
    expect(line(7)).toBe('alloc 8100 failed: out of memory');
    expect(line(8)).toBe('free #4: null pointer, nothing to do');
  });

  it('takes the events and the full reason from the reply seen for that operation', () => {
    const mirror = mirrorOf(OPS);
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: HEAP });
    const list = toOpList(OPS);
    for (let i = 0; i < OPS.length; i++) {
      const r = applyOp(driver, list, i);
      const seen = opEntry({ ...r, start: r.offset, error: r.ok ? null : r.error, metrics: driver.metrics(), version: 0 });
      expect(detailsMatch(mirror, i, seen)).toBe(true);
      expect(timelineEntry(mirror, i, 0, seen)).toBe(seen);
    }
    const realloc = timelineEntry(mirror, 9, 0, undefined);
    expect(describeEntry(realloc, { radix: 'hex', heapSize: HEAP })).toMatch(/^realloc #1 to 300 -> 0x/);
  });

  it('ignores details about another operation (the timeline changed under them)', () => {
    const mirror = mirrorOf(OPS);
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: HEAP });
    const r = driver.alloc(7, 100);
    const other = opEntry({ ...r, start: r.offset, error: null, metrics: driver.metrics(), version: 0 });
    expect(detailsMatch(mirror, 0, other)).toBe(false);
    expect(timelineEntry(mirror, 0, 0, other).events).toEqual([]);
  });
});
