import { describe, expect, it } from 'vitest';
import { Checkpoints } from '../../src/core/timeline/checkpoints.ts';
import { heapSnapshotBytes, type HeapSnapshot } from '../../src/core/timeline/heap-snapshot.ts';

/** A stand-in snapshot holding about `bytes` bytes (its step in `ops`). */
function fakeSnapshot(step: number, bytes: number): HeapSnapshot {
  const empty = { cells: 0, mask: new Uint32Array(0), values: new Uint32Array(0) };
  return {
    strategy: 'lululucator',
    heapSize: 4096,
    heap: { cells: bytes / 4, mask: new Uint32Array(0), values: new Uint32Array(bytes / 4) },
    regs: empty,
    live: { idLimit: 0, states: new Uint8Array(0), live: new Int32Array(0), liveCount: 0, payloadBytes: 0, spanBytes: 0 },
    ops: step,
    failed: 0,
    peakPayload: 0,
    lastError: null,
    cache: null,
  };
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('the checkpoints', () => {
  it('drop every other checkpoint and double K when the budget would be passed', () => {
    const size = heapSnapshotBytes(fakeSnapshot(0, 4000));
    const checkpoints = new Checkpoints(fakeSnapshot(0, 4000), 10, { budgetBytes: size * 4, timeShare: Infinity });
    for (let step = 1; step <= 200; step++) checkpoints.offer(step, () => fakeSnapshot(step, 4000));
    expect(checkpoints.bytes).toBeLessThanOrEqual(size * 4);
    expect(checkpoints.interval).toBe(80);
    expect(checkpoints.steps()).toEqual([0, 80, 160]);
    expect(checkpoints.nearest(159).step).toBe(80);
    expect(checkpoints.nearest(160).snapshot.ops).toBe(160);
  });

  it('keep the step-0 checkpoint even when it alone fills the budget', () => {
    const checkpoints = new Checkpoints(fakeSnapshot(0, 8000), 4, { budgetBytes: 1000, timeShare: Infinity });
    for (let step = 1; step <= 64; step++) checkpoints.offer(step, () => fakeSnapshot(step, 8000));
    expect(checkpoints.steps()).toEqual([0]);
    expect(checkpoints.nearest(64).step).toBe(0);
  });

  it('space the coming checkpoints out where a snapshot costs more than the operations between them, and closer again where it does not', () => {
    const checkpoints = new Checkpoints(fakeSnapshot(0, 100), 8, { timeShare: 1 });
    const slow = (step: number) => () => {
      busyWait(40);
      return fakeSnapshot(step, 100);
    };
    // 40 ms snapshots after 8 operations that took 10 ms: K should be 32 and more; it doubles at each checkpoint to get there.
    expect(checkpoints.offer(8, slow(8), 10)).toBe(true);
    expect(checkpoints.interval).toBe(16);
    expect(checkpoints.offer(16, slow(16), 20)).toBe(true);
    expect(checkpoints.interval).toBe(32);
    expect(checkpoints.offer(24, slow(24), 30)).toBe(false);
    expect(checkpoints.offer(32, slow(32), 30)).toBe(true);
    expect(checkpoints.interval).toBe(64);
    // 32 operations that took 10 s: a 40 ms snapshot is cheap, K goes back to 8 at once.
    expect(checkpoints.offer(64, slow(64), 10_030)).toBe(true);
    expect(checkpoints.interval).toBe(8);
    expect(checkpoints.offer(72, () => fakeSnapshot(72, 100), 20_000)).toBe(true);
    expect(checkpoints.steps()).toEqual([0, 8, 16, 32, 64, 72]);
  });

  it('never space checkpoints further than the seek cap for time, only for memory', () => {
    const checkpoints = new Checkpoints(fakeSnapshot(0, 100), 8, { timeShare: 1, seekOps: 40 });
    const slow = (step: number) => () => {
      busyWait(40);
      return fakeSnapshot(step, 100);
    };
    // 40 ms snapshots after operations of 0.1 ms: the time rule alone would go to 512; the cap, 40, allows 32.
    expect(checkpoints.offer(8, slow(8), 1)).toBe(true);
    expect(checkpoints.offer(16, slow(16), 2)).toBe(true);
    expect(checkpoints.offer(32, slow(32), 4)).toBe(true);
    expect(checkpoints.interval).toBe(32);
    expect(checkpoints.offer(64, slow(64), 8)).toBe(true);
    expect(checkpoints.interval).toBe(32);
    expect(checkpoints.steps()).toEqual([0, 8, 16, 32, 64]);
  });

  it('forget the checkpoints of a truncated future', () => {
    const checkpoints = new Checkpoints(fakeSnapshot(0, 100), 5, { timeShare: Infinity });
    for (let step = 1; step <= 30; step++) checkpoints.offer(step, () => fakeSnapshot(step, 100));
    const before = checkpoints.bytes;
    checkpoints.dropAfter(12);
    expect(checkpoints.steps()).toEqual([0, 5, 10]);
    expect(checkpoints.bytes).toBe((before / 7) * 3);
    expect(checkpoints.offer(15, () => fakeSnapshot(15, 100))).toBe(true);
  });
});
