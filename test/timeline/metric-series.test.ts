import { describe, expect, it } from 'vitest';
import { FAST_BAD_SIZE, FAST_NOT_LIVE, FAST_OUT_OF_MEMORY, HeapDriver } from '../../src/core/driver.ts';
import { measure } from '../../src/core/metrics.ts';
import { applyFast } from '../../src/core/replay.ts';
import { MetricSeries } from '../../src/core/timeline/metric-series.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode } from '../../src/core/trace/op-list.ts';
import { syntheticTrace } from '../../src/core/trace/synthetic.ts';
import { toOpList, type RawOp } from './random-ops.ts';

const { Alloc, Free, Realloc } = OpCode;

/** The Lululucator on 8,192 bytes; blocks are the request rounded up to 8. */
const HAND_MADE: RawOp[] = [
  [Alloc, 0, 1001], // step 1: payload 1001, block 1008 at 0
  [Alloc, 1, 2001], // step 2: payload 3002 (the peak), block 2008 at 1008
  [Alloc, 2, 7000], // step 3: out of memory (3016 + 7000 > 8192)
  [Free, 0, 0], // step 4: payload 2001
  [Free, 0, 0], // step 5: double free
  [Alloc, 3, 1001], // step 6: reuses the 1008-byte node: payload 3002 again, not a new peak
  [Alloc, 4, 0], // step 7: size 0
  [Free, 1, 0], // step 8: payload 1001
  [Realloc, 3, 500], // step 9: moves into the freed 2008-byte node: payload 500
];

function handMade(): Timeline {
  const timeline = new Timeline({ strategy: 'lululucator', heapSize: 8192, ops: toOpList(HAND_MADE) });
  timeline.build();
  return timeline;
}

describe('the metric series', () => {
  it('records payload, footprint and the peak so far at every step', () => {
    const { series } = handMade();
    expect(series.length).toBe(10);
    expect(Array.from(series.payload.subarray(0, 10))).toEqual([0, 1001, 3002, 3002, 2001, 2001, 3002, 3002, 1001, 500]);
    expect(Array.from(series.footprint.subarray(0, 10))).toEqual([0, 1008, 3016, 3016, 3016, 3016, 3016, 3016, 3016, 3016]);
    expect(Array.from(series.peak.subarray(0, 10))).toEqual([0, 1001, 3002, 3002, 3002, 3002, 3002, 3002, 3002, 3002]);
    expect(series.utilization(0)).toBe(0);
    expect(series.utilization(1)).toBeCloseTo(1001 / 1008, 12);
    expect(series.utilization(9)).toBeCloseTo(3002 / 3016, 12);
  });

  it('marks the first step of the peak payload, not a later step that equals it', () => {
    const { series } = handMade();
    expect(series.peakStep).toBe(2);
    expect(series.peakPayload).toBe(3002);
  });

  it('marks every failed operation at the step after it, with its kind', () => {
    const { series } = handMade();
    expect(Array.from(series.failures())).toEqual([3, 5, 7]);
    expect(Array.from(series.failureCodes.subarray(0, 3))).toEqual([FAST_OUT_OF_MEMORY, FAST_NOT_LIVE, FAST_BAD_SIZE]);
  });

  it('samples external fragmentation as the measures define it, at failures too', () => {
    const timeline = handMade();
    const { series } = timeline;
    const steps = Array.from(series.sampleSteps.subarray(0, series.sampleCount));
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 8192, events: false });
    for (let k = 0; k < steps.length; k++) {
      if (k > 0) applyFast(driver, timeline.ops, k - 1);
      expect(series.fragmentation[k], `step ${k}`).toBe(measure(driver).externalFragmentation);
    }
    expect(series.fragmentation[9]).toBeCloseTo(1 - 1504 / 2512, 12);
  });

  it('forgets the failures and the peak of a truncated future', () => {
    const timeline = handMade();
    timeline.truncateAt(4);
    expect(Array.from(timeline.series.failures())).toEqual([3]);
    expect(timeline.series.peakStep).toBe(2);
    timeline.truncateAt(1);
    expect(Array.from(timeline.series.failures())).toEqual([]);
    expect([timeline.series.peakStep, timeline.series.peakPayload]).toEqual([1, 1001]);
    timeline.append(Alloc, 9, 5000);
    expect([timeline.series.peakStep, timeline.series.peakPayload]).toEqual([2, 6001]);
  });

  it('spends no more free-block visits on fragmentation than its budget allows, spread over the trace', () => {
    const trace = syntheticTrace({ ops: 3000, live: 200, seed: 6 });
    const visitBudget = 2000;
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 1 << 20, ops: trace.ops, fragmentationSamples: 100, fragmentationVisits: visitBudget });
    timeline.build();
    const { series } = timeline;
    expect(series.plan.sampleEvery).toBe(30);
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 20, events: false });
    const cost: number[] = [1];
    for (let i = 0; i < trace.ops.length; i++) {
      applyFast(driver, trace.ops, i);
      cost.push(driver.strategy.freeBlockCount() + 1);
    }
    const steps = Array.from(series.sampleSteps.subarray(0, series.sampleCount));
    const spent = steps.filter((s) => s > 0).reduce((sum, s) => sum + cost[s], 0);
    expect(spent).toBeLessThanOrEqual(visitBudget);
    expect(steps.length).toBeGreaterThan(5);
    expect(steps.length).toBeLessThan(101);
    expect(steps[steps.length - 1]).toBeGreaterThan(2000);
    expect(steps.every((s) => s % 30 === 0)).toBe(true);
  });

  it('sizes its columns for the trace and grows them for appended steps', () => {
    const series = new MetricSeries(3, MetricSeries.plan(2));
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096, events: false });
    for (let step = 0; step < 40; step++) {
      if (step > 0) driver.alloc(step, 8);
      series.record(step, driver, 0);
    }
    expect(series.payload[39]).toBe(39 * 8);
    expect(() => series.record(41, driver, 0)).toThrow(RangeError);
  });
});
