import { describe, expect, it } from 'vitest';
import { timelineDelta } from '../../src/core/timeline/timeline-delta.ts';
import { TimelineMirror } from '../../src/core/timeline/timeline-mirror.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode } from '../../src/core/trace/op-list.ts';
import { metricsColumns } from '../../src/ui/chart/metrics-columns.ts';
import { toOpList, type RawOp } from '../timeline/random-ops.ts';

const { Alloc, Free } = OpCode;

function mirrorOf(ops: RawOp[]): TimelineMirror {
  const timeline = new Timeline({ strategy: 'lululucator', heapSize: 4096, ops: toOpList(ops), shared: false });
  timeline.build();
  const mirror = new TimelineMirror();
  mirror.apply(timelineDelta(timeline, 0));
  return mirror;
}

describe('the metrics chart`s columns', () => {
  it('scales bytes to the largest footprint and marks the peak payload and every failure', () => {
    const ops: RawOp[] = [];
    for (let id = 0; id < 30; id++) ops.push([Alloc, id, 100]);
    for (let id = 0; id < 30; id += 2) ops.push([Free, id, 0]);
    for (let id = 30; id < 40; id++) ops.push([Alloc, id, 3000]); // all out of memory
    const mirror = mirrorOf(ops);
    const data = metricsColumns(mirror, 50);
    expect(data.lastStep).toBe(ops.length);
    expect(data.maxBytes).toBe(mirror.footprint[ops.length]);
    expect(data.peakStep).toBe(30);
    expect(data.peakPayload).toBe(3000);
    expect(data.failureCount).toBe(10);
    expect(data.failures.reduce((a, b) => a + b, 0)).toBe(10);
    expect(data.payload.count).toBe(50);
    expect(Math.max(...data.payload.max)).toBe(3000);
    expect(data.utilization.max[data.utilization.count - 1]).toBeCloseTo(mirror.utilization(ops.length), 12);
    expect(data.fragmentation.count).toBeGreaterThan(0);
  });

  it('draws an empty timeline as one column', () => {
    const data = metricsColumns(new TimelineMirror(), 200);
    expect(data.lastStep).toBe(0);
    expect(data.payload.count).toBe(1);
    expect(data.failureCount).toBe(0);
  });
});
