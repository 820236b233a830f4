import { describe, expect, it } from 'vitest';
import { timelineDelta } from '../../src/core/timeline/timeline-delta.ts';
import { TimelineMirror } from '../../src/core/timeline/timeline-mirror.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';
import type { LogEntry } from '../../src/ui/store/app-state.ts';
import { VisitedOps } from '../../src/ui/log/visited-ops.ts';

const entry = (seq: number): LogEntry => ({ seq, kind: 'note', text: String(seq) });

describe('the cache of visited operations', () => {
  it('keeps the details of the steps a change kept, and forgets those it replaced', () => {
    const cache = new VisitedOps();
    cache.follow(1, 0);
    for (const step of [1, 2, 3, 4]) cache.put(step, entry(step));
    cache.follow(2, 2); // a click at step 2: operations 0 and 1 (steps 1, 2) kept
    expect([1, 2, 3, 4].map((s) => cache.get(s)?.seq)).toEqual([1, 2, undefined, undefined]);
  });

  it('forgets everything after a change it did not see', () => {
    const cache = new VisitedOps();
    cache.follow(1, 0);
    cache.put(1, entry(1));
    cache.follow(3, 5);
    expect(cache.get(1)).toBeUndefined();
  });

  it('does nothing while the timeline stays the same (a seek)', () => {
    const cache = new VisitedOps();
    cache.follow(4, 0);
    cache.put(9, entry(9));
    cache.follow(4, 0);
    expect(cache.get(9)?.seq).toBe(9);
  });

  it('holds at most its limit, dropping the oldest visit', () => {
    const cache = new VisitedOps(3);
    for (const step of [1, 2, 3]) cache.put(step, entry(step));
    cache.put(1, entry(10)); // visited again: now the newest
    cache.put(4, entry(4));
    expect(cache.size).toBe(3);
    expect([1, 2, 3, 4].map((s) => cache.get(s)?.seq)).toEqual([10, undefined, 3, 4]);
  });
});

describe('the cache of visited operations over a real mirror', () => {
  it('forgets exactly the operations a click in the past replaced', () => {
    const ops = new OpList(16);
    for (let id = 0; id < 6; id++) ops.push(OpCode.Alloc, id, 32, 0);
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 4096, ops, shared: false });
    timeline.build();
    const mirror = new TimelineMirror();
    const cache = new VisitedOps();
    mirror.apply(timelineDelta(timeline, 0));
    cache.follow(mirror.revision, mirror.lastFrom);
    for (let step = 1; step <= 6; step++) cache.put(step, entry(step));
    timeline.seek(3);
    timeline.applyClick(OpCode.Free, 0);
    mirror.apply(timelineDelta(timeline, 3));
    cache.follow(mirror.revision, mirror.lastFrom);
    expect([1, 2, 3, 4, 5, 6].map((s) => cache.get(s)?.seq)).toEqual([1, 2, 3, undefined, undefined, undefined]);
  });
});
