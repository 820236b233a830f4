import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { applyOp } from '../../src/core/replay.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { OpCode } from '../../src/core/trace/op-list.ts';
import { syntheticTrace } from '../../src/core/trace/synthetic.ts';
import { arbitraryOps, toOpList } from './random-ops.ts';
import { expectSameState, registeredStrategies, straightReplay } from './same-state.ts';

const strategies = registeredStrategies();
const HEAP = 8192;

describe('a timeline', () => {
  it.each(strategies)('shows, after a seek to any step, the %s heap a straight replay to that step gives, byte for byte', (strategy) => {
    fc.assert(
      fc.property(
        arbitraryOps({ maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        (raw, interval, picks) => {
          const ops = toOpList(raw);
          const timeline = new Timeline({ strategy, heapSize: HEAP, ops: toOpList(raw), interval, timeShare: Infinity });
          expect(timeline.build()).toBe(true);
          for (const pick of picks) {
            const step = pick % (ops.length + 1);
            timeline.seek(step);
            expect(timeline.step).toBe(step);
            expectSameState(timeline.driver, straightReplay(strategy, HEAP, ops, step), `${strategy}, K=${interval}, step ${step}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each(strategies)('seeks %s backwards then forwards to the states a step-by-step walk met', (strategy) => {
    const trace = syntheticTrace({ ops: 2000, live: 40, seed: 3 });
    const timeline = new Timeline({ strategy, heapSize: 32 * 1024, ops: trace.ops, interval: 64, timeShare: Infinity });
    timeline.build();
    const walk = new HeapDriver({ strategy, heapSize: 32 * 1024, shared: false });
    const payloads: number[] = [walk.live.payloadBytes];
    const footprints: number[] = [walk.strategy.footprint()];
    for (let i = 0; i < trace.ops.length; i++) {
      applyOp(walk, trace.ops, i);
      payloads.push(walk.live.payloadBytes);
      footprints.push(walk.strategy.footprint());
    }
    for (const step of [2000, 0, 1000, 999, 1001, 64, 63, 1999, 500, 1500, 1]) {
      timeline.seek(step);
      expect([timeline.driver.live.payloadBytes, timeline.driver.strategy.footprint()], `step ${step}`).toEqual([payloads[step], footprints[step]]);
      expect([timeline.series.payload[step], timeline.series.footprint[step]], `series at step ${step}`).toEqual([payloads[step], footprints[step]]);
    }
    timeline.seek(1234);
    expectSameState(timeline.driver, straightReplay(strategy, 32 * 1024, trace.ops, 1234), `${strategy} at step 1234 after a tour`);
  });

  it('steps forward with the events a direct call gives, and back by one', () => {
    const trace = syntheticTrace({ ops: 300, live: 20, seed: 5 });
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 16384, ops: trace.ops, interval: 16 });
    timeline.build();
    timeline.seek(100);
    const direct = straightReplay('lululucator', 16384, trace.ops, 100);
    const withEvents = new HeapDriver({ strategy: 'lululucator', heapSize: 16384 });
    withEvents.restore(direct.snapshot());
    for (let i = 100; i < 110; i++) expect(timeline.stepForward()).toEqual(applyOp(withEvents, trace.ops, i));
    expect(timeline.step).toBe(110);
    timeline.stepBack();
    expect(timeline.step).toBe(109);
    expectSameState(timeline.driver, straightReplay('lululucator', 16384, trace.ops, 109), 'after a step back');
    timeline.seek(300);
    expect(timeline.stepForward()).toBeNull();
  });

  it('drops the future when a click lands at step k and continues from there', () => {
    const trace = syntheticTrace({ ops: 1000, live: 30, seed: 11 });
    const original = trace.ops.trimmed();
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 4096, ops: trace.ops, interval: 32, timeShare: Infinity });
    timeline.build();
    expect(timeline.series.failureCount).toBeGreaterThan(0);
    const k = 400;
    timeline.seek(k);
    const id = timeline.freshId();
    const result = timeline.append(OpCode.Alloc, id, 40);
    expect(result.ok).toBe(true);
    expect([timeline.step, timeline.length, timeline.recorded]).toEqual([k + 1, k + 1, k + 2]);
    expect(timeline.checkpoints.lastStep).toBeLessThanOrEqual(k + 1);
    expect(Array.from(timeline.series.failures()).every((s) => s <= k + 1)).toBe(true);
    const expected = straightReplay('lululucator', 4096, original, k);
    expect(expected.live.isLive(id)).toBe(false);
    expect(expected.alloc(id, 40).offset).toBe(result.offset);
    expectSameState(timeline.driver, expected, 'after the click');
    // Later clicks chain on, and the old future is gone for good.
    timeline.append(OpCode.Free, id);
    timeline.seek(0);
    timeline.seek(k + 2);
    expected.free(id);
    expectSameState(timeline.driver, expected, 'after a second click, a seek away and back');
    expect(timeline.series.payload[k + 2]).toBe(expected.live.payloadBytes);
  });

  it('truncates a future it is not at, and keeps its own step', () => {
    const trace = syntheticTrace({ ops: 500, live: 30, seed: 2 });
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 16384, ops: trace.ops, interval: 16 });
    timeline.build();
    timeline.seek(100);
    timeline.truncateAt(300);
    expect([timeline.step, timeline.length, timeline.recorded]).toEqual([100, 300, 301]);
    timeline.truncateAt(50);
    expect([timeline.step, timeline.length, timeline.recorded]).toEqual([50, 50, 51]);
    expect(() => timeline.truncateAt(51)).toThrow(RangeError);
    expect(() => timeline.seek(51)).toThrow(RangeError);
  });

  it('keeps its checkpoints under a small memory budget by doubling K', () => {
    const trace = syntheticTrace({ ops: 20_000, live: 300, seed: 4 });
    const budgetBytes = 1024 * 1024;
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 1 << 20, ops: trace.ops.trimmed(), interval: 16, budgetBytes, timeShare: Infinity });
    let peakBytes = 0;
    timeline.build({
      chunk: 500,
      onProgress: () => {
        peakBytes = Math.max(peakBytes, timeline.checkpoints.bytes);
      },
    });
    expect(peakBytes).toBeLessThanOrEqual(budgetBytes);
    expect(timeline.checkpoints.bytes).toBeLessThanOrEqual(budgetBytes);
    expect(timeline.checkpoints.interval).toBeGreaterThan(16);
    expect(timeline.checkpoints.count).toBeGreaterThan(1);
    const steps = timeline.checkpoints.steps();
    expect(steps.every((s) => s % timeline.checkpoints.interval === 0)).toBe(true);
    for (const step of [19_999, 7_777, 12_345]) {
      timeline.seek(step);
      expectSameState(timeline.driver, straightReplay('lululucator', 1 << 20, trace.ops, step), `step ${step} under a small budget`);
    }
  });

  it('stops building when asked to, and resumes where it stopped', () => {
    const trace = syntheticTrace({ ops: 5000, live: 50, seed: 9 });
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: 65536, ops: trace.ops, interval: 64 });
    const seen: number[] = [];
    expect(timeline.build({ chunk: 1000, onProgress: (done) => (seen.push(done), done < 2000) })).toBe(false);
    expect(seen).toEqual([1000, 2000]);
    expect(timeline.recorded).toBe(2001);
    timeline.seek(10);
    const signal = { aborted: true };
    expect(timeline.build({ signal })).toBe(false);
    signal.aborted = false;
    expect(timeline.build({ signal, chunk: 1000 })).toBe(true);
    expect([timeline.step, timeline.recorded, timeline.built]).toEqual([5000, 5001, true]);
    timeline.seek(4321);
    expectSameState(timeline.driver, straightReplay('lululucator', 65536, trace.ops, 4321), 'after a resumed build');
  });
});
