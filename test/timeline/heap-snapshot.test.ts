import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { applyFast } from '../../src/core/replay.ts';
import { createStrategy } from '../../src/core/strategies/registry.ts';
import { HeapMemory } from '../../src/core/heap-memory.ts';
import { encodeSparse } from '../../src/core/timeline/sparse-image.ts';
import { syntheticTrace } from '../../src/core/trace/synthetic.ts';
import { expectSameState, registeredStrategies, straightReplay } from './same-state.ts';

const strategies = registeredStrategies();
const trace = syntheticTrace({ ops: 3000, live: 60, seed: 7 });
const HEAP = 64 * 1024;

describe('a driver snapshot', () => {
  it('carries the Lululucator search index, and after a restore the index agrees with the list in the heap', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: HEAP, events: false });
    for (let i = 0; i < 1500; i++) applyFast(driver, trace.ops, i);
    const snap = driver.snapshot();
    expect(snap.cache?.arrays[0].length).toBe(driver.strategy.freeBlockCount());
    for (let i = 1500; i < 2500; i++) applyFast(driver, trace.ops, i);
    driver.restore(snap);
    expect(driver.check()).toBeNull();
    for (let i = 1500; i < 2500; i++) applyFast(driver, trace.ops, i);
    expect(driver.check()).toBeNull();
    expectSameState(driver, straightReplay('lululucator', HEAP, trace.ops, 2500), 'lululucator restored with its index, then replayed');
  });

  it.each(strategies)('puts %s back byte for byte after the heap has moved on, and after it went back to an earlier state', (strategy) => {
    const driver = new HeapDriver({ strategy, heapSize: HEAP, events: false });
    const marks = [0, 700, 1500, 2999];
    const snaps = new Map<number, ReturnType<HeapDriver['snapshot']>>();
    for (let i = 0; i <= trace.ops.length; i++) {
      if (marks.includes(i)) snaps.set(i, driver.snapshot());
      if (i < trace.ops.length) applyFast(driver, trace.ops, i);
    }
    for (const step of [1500, 0, 2999, 700, 1500]) {
      driver.restore(snaps.get(step)!);
      expectSameState(driver, straightReplay(strategy, HEAP, trace.ops, step), `${strategy} restored to step ${step}`);
    }
    // And it carries on exactly as a straight replay does.
    for (let i = 1500; i < 2000; i++) applyFast(driver, trace.ops, i);
    driver.restore(snaps.get(700)!);
    for (let i = 700; i < 2000; i++) applyFast(driver, trace.ops, i);
    expectSameState(driver, straightReplay(strategy, HEAP, trace.ops, 2000), `${strategy} replayed from step 700 to 2000`);
  });

  const tracked = strategies.filter((name) => createStrategy(name, HeapMemory.create(4096, false)).writesOnlyThroughMemory === true);

  it('is taken from the groups written since the last one for the Lululucator and bump, which write only through the memory', () => {
    expect(tracked).toEqual(expect.arrayContaining(['lululucator', 'bump']));
  });

  it.each(tracked)('of %s, taken from what changed since the last snapshot or restore, is the image of its whole heap', (strategy) => {
    const driver = new HeapDriver({ strategy, heapSize: HEAP, events: false });
    const snaps: ReturnType<HeapDriver['snapshot']>[] = [];
    for (let i = 0; i < trace.ops.length; i++) {
      applyFast(driver, trace.ops, i);
      if (i % 250 !== 0) continue;
      const snap = driver.snapshot();
      const whole = encodeSparse(driver.memory.u32, driver.memory.u32.length);
      expect(Array.from(snap.heap.values)).toEqual(Array.from(whole.values));
      expect(Array.from(snap.heap.mask)).toEqual(Array.from(whole.mask));
      snaps.push(snap);
      // Now and then back to an earlier snapshot and on again from there: the next snapshot starts from the restored image.
      if (i % 1000 === 0) {
        const back = Math.floor(snaps.length / 2);
        driver.restore(snaps[back]);
        for (let j = back * 250 + 1; j <= i; j++) applyFast(driver, trace.ops, j);
      }
    }
    expectSameState(driver, straightReplay(strategy, HEAP, trace.ops, trace.ops.length), `${strategy} after snapshots and restores`);
  });

  it('keeps only the Lululucator bytes below its bump pointer, the only ones it ever wrote', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: HEAP, events: false });
    for (let i = 0; i < 1000; i++) applyFast(driver, trace.ops, i);
    const snap = driver.snapshot();
    expect(snap.heap.cells * 4).toBeGreaterThan(0);
    expect(snap.heap.cells * 4).toBeLessThanOrEqual(driver.strategy.bumpPointer());
    expect(snap.heap.mask.length).toBeLessThanOrEqual(Math.ceil(driver.strategy.bumpPointer() / 128));
  });

  it('keeps the bytes a reset left behind, which a fresh heap does not have', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096, events: false });
    for (let id = 0; id < 8; id++) driver.alloc(id, 100);
    for (let id = 0; id < 8; id++) driver.free(id);
    driver.reset();
    driver.alloc(0, 10);
    const before = driver.memory.bytes.slice();
    const snap = driver.snapshot();
    for (let id = 1; id < 20; id++) driver.alloc(id, 50);
    driver.restore(snap);
    expect(Buffer.from(driver.memory.bytes).equals(Buffer.from(before))).toBe(true);
    expect(driver.live.liveCount).toBe(1);
  });

  it('tells a double free from a free of an id never used, after a restore as before', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    driver.alloc(0, 10);
    driver.free(0);
    const snap = driver.snapshot();
    driver.alloc(5, 10);
    driver.restore(snap);
    const double = driver.free(0);
    const never = driver.free(5);
    expect(!double.ok && double.error).toEqual({ code: 'not-live', id: 0, why: 'already-freed' });
    expect(!never.ok && never.error).toEqual({ code: 'not-live', id: 5, why: 'never-allocated' });
  });

  it('refuses a snapshot of another heap size', () => {
    const small = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    const large = new HeapDriver({ strategy: 'lululucator', heapSize: 8192 });
    expect(() => large.restore(small.snapshot())).toThrow(RangeError);
  });
});
