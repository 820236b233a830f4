import { describe, expect, it } from 'vitest';
import { runHeapRestore, type HeapRestoreJob, type RestoreHelper } from '../../src/core/timeline/restore-job.ts';
import { Timeline } from '../../src/core/timeline/timeline.ts';
import { syntheticTrace } from '../../src/core/trace/synthetic.ts';
import { announceReady, CONTROL_WORDS, serveRestoreJob, START_WAIT_MS, ThreadRestoreHelper, type RestoreJobMessage } from '../../src/worker/restore-thread.ts';
import { expectSameState, straightReplay } from './same-state.ts';

/** Big enough for a restore to hand work over (HELPER_MIN_GROUPS groups of 128 bytes and more). */
const HEAP = 4 << 20;
const trace = syntheticTrace({ ops: 60_000, live: 4000, seed: 11 });

/** A helper on this thread: it runs each job when asked to end, and keeps the ranges it ran. */
class DeferredHelper implements RestoreHelper {
  readonly ranges: [number, number][] = [];
  private job: HeapRestoreJob | null = null;
  begin(job: HeapRestoreJob): boolean {
    this.job = job;
    return true;
  }
  end(): void {
    this.ranges.push([this.job!.fromGroup, this.job!.toGroup]);
    runHeapRestore(this.job!);
    this.job = null;
  }
}

function seekAround(timeline: Timeline, steps: readonly number[]): void {
  for (const step of steps) {
    timeline.seek(step);
    expectSameState(timeline.driver, straightReplay('lululucator', HEAP, trace.ops, step), `the Lululucator at step ${step}`);
  }
}

describe('a restore shared with a second thread', () => {
  it('puts the heap back byte for byte when the helper runs the upper groups after the driver ran the lower ones', () => {
    const helper = new DeferredHelper();
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: HEAP, ops: trace.ops.trimmed(), interval: 4096, timeShare: Infinity, restoreHelper: helper });
    timeline.build();
    seekAround(timeline, [45_000, 9000, 59_000, 30_001, 12_345, 60_000, 0, 41_000]);
    expect(helper.ranges.length).toBeGreaterThan(3);
    for (const [from, to] of helper.ranges) expect(from).toBeLessThan(to);
  });

  it('runs every job here when the helper declines it', () => {
    const declining: RestoreHelper = { begin: () => false, end: () => expect.unreachable('end without a job handed over') };
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: HEAP, ops: trace.ops.trimmed(), interval: 4096, timeShare: Infinity, restoreHelper: declining });
    timeline.build();
    seekAround(timeline, [50_000, 3000, 33_333]);
  });
});

describe('the restore thread protocol', () => {
  /** The shared words, the helper said ready. */
  const control = () => {
    const c = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    announceReady(c);
    return c;
  };
  /** A timeline whose restores go through `helper`, and a few seeks checked against straight replays. */
  function exercise(helper: ThreadRestoreHelper): void {
    const timeline = new Timeline({ strategy: 'lululucator', heapSize: HEAP, ops: trace.ops.trimmed(), interval: 4096, timeShare: Infinity, restoreHelper: helper });
    timeline.build();
    seekAround(timeline, [40_000, 8000, 52_000]);
  }

  it('has the helper run a job it picks up at once', () => {
    const c = control();
    let ran = 0;
    exercise(
      new ThreadRestoreHelper(c, (message) => {
        ran++;
        serveRestoreJob(c, message);
      }),
    );
    expect(ran).toBeGreaterThan(0);
  });

  it(`takes back a job the helper has not started after ${START_WAIT_MS} ms, and the late message then does nothing`, () => {
    const c = control();
    const late: RestoreJobMessage[] = [];
    exercise(new ThreadRestoreHelper(c, (message) => late.push(message)));
    expect(late.length).toBeGreaterThan(0);
    // The jobs arrive now, long after: each was taken back, so none may write the heap any more.
    const job = late[0].job;
    const before = job.into.slice();
    for (const message of late) serveRestoreJob(c, message);
    expect(job.into).toEqual(before);
  });

  it('runs a job again on this thread when the helper failed on it', () => {
    const c = control();
    let failures = 0;
    exercise(
      new ThreadRestoreHelper(c, (message) => {
        failures++;
        // The helper throws: its state says so and the heap worker does the whole job.
        const broken = { ...message, job: { ...message.job, into: null as unknown as Uint32Array } };
        expect(() => serveRestoreJob(c, broken)).toThrow();
      }),
    );
    expect(failures).toBeGreaterThan(0);
  });

  it('hands no job to a helper that never said it was ready (one that failed to load), so restores pay no wait', () => {
    const c = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    let posted = 0;
    exercise(new ThreadRestoreHelper(c, () => posted++));
    expect(posted).toBe(0);
  });
});
