import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timelineDelta } from '../../src/core/timeline/timeline-delta.ts';
import { TimelineMirror } from '../../src/core/timeline/timeline-mirror.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';

/** A valid program of n ops over a few ids: alloc a free id, free or realloc a live one. */
function program(choices: number[]): OpList {
  const ops = new OpList(16);
  const live = new Set<number>();
  let next = 0;
  for (const c of choices) {
    if (live.size === 0 || c % 3 === 0) {
      ops.push(OpCode.Alloc, next, 8 + (c % 200), 0);
      live.add(next++);
    } else {
      const id = [...live][c % live.size];
      if (c % 3 === 1) {
        ops.push(OpCode.Free, id, 0, 0);
        live.delete(id);
      } else ops.push(OpCode.Realloc, id, 8 + (c % 300), 0);
    }
  }
  return ops;
}

/** Everything a mirror holds, as plain arrays. */
function columns(m: TimelineMirror) {
  const n = m.length;
  return {
    kind: Array.from(m.ops.kind.subarray(0, n)),
    id: Array.from(m.ops.id.subarray(0, n)),
    size: Array.from(m.ops.size.subarray(0, n)),
    result: Array.from(m.result.subarray(0, n + 1)),
    payload: Array.from(m.payload.subarray(0, n + 1)),
    footprint: Array.from(m.footprint.subarray(0, n + 1)),
    peak: Array.from(m.peak.subarray(0, n + 1)),
    samples: Array.from(m.sampleSteps),
    failures: Array.from(m.failureSteps),
    peakStep: m.peakStep,
  };
}

describe('the timeline mirror', () => {
  it('holds what a fresh copy holds after a click in the middle replaced the future', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(999), { minLength: 1, maxLength: 120 }), fc.nat(), fc.nat(200), (choices, at, size) => {
        const timeline = new Timeline({ strategy: 'first-fit', heapSize: 8192, ops: program(choices), shared: false, fragmentationSamples: 16 });
        timeline.build();
        const mirror = new TimelineMirror();
        mirror.apply(timelineDelta(timeline, 0));
        const step = at % (timeline.length + 1);
        timeline.seek(step);
        const result = timeline.applyClick(OpCode.Alloc, timeline.freshId(), 8 + size);
        if (result.ok) mirror.apply(timelineDelta(timeline, step));
        const fresh = new TimelineMirror();
        fresh.apply(timelineDelta(timeline, 0));
        expect(columns(mirror)).toEqual(columns(fresh));
        expect(mirror.length).toBe(result.ok ? step + 1 : choices.length);
      }),
      { numRuns: 60 },
    );
  });

  it('records a click that fails nowhere: neither the heap nor the timeline change', () => {
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 256, ops: program([0, 3, 6]), shared: false });
    timeline.build();
    timeline.seek(1);
    const result = timeline.applyClick(OpCode.Alloc, timeline.freshId(), 100_000);
    expect(result.ok).toBe(false);
    expect([timeline.step, timeline.length]).toEqual([1, 3]);
  });
});
