import { heapSnapshotBytes, type HeapSnapshot } from './heap-snapshot.ts';

/**
 * Snapshots of a timeline's driver every K operations, kept under a memory
 * budget and a time budget. K is the larger of two intervals, each the
 * first K times a power of two:
 * - the memory interval: when the snapshots' bytes would pass
 *   `budgetBytes`, every other checkpoint goes and it doubles (keep the
 *   multiples of 2K), so the checkpoints stay evenly spaced and a seek
 *   replays fewer than K operations from the nearest one. It never shrinks.
 * - the time interval: after each snapshot, the smallest one with which a
 *   snapshot costs at most `timeShare` times the work (replay, metrics)
 *   between two: snapshot time / (timeShare x time an operation), both
 *   measured and smoothed (moving averages, so one garbage collection does
 *   not throw it off), at most doubling from one checkpoint to the next,
 *   and at most `seekOps` (a seek's replay is bounded where memory allows). It follows the trace: small where operations are slow or
 *   snapshots cheap, large where snapshots cost many operations. This guards
 *   the build against costly snapshots (a strategy without `touchedEnd` is
 *   snapshot over the whole heap). It depends on the clock, so where the
 *   checkpoints fall may vary from run to run — what a seek shows never does.
 *
 * Invariants: steps are strictly increasing and start with step 0; each is
 * a multiple of the first K and of the K in force when it was taken;
 * `bytes` is the sum of the snapshots' sizes and stays at most max(budget,
 * the step-0 snapshot's size) — the step-0 checkpoint is never dropped.
 */
export interface Checkpoint {
  readonly step: number;
  readonly snapshot: HeapSnapshot;
  readonly bytes: number;
}

/**
 * The default budget for a timeline's checkpoints: 256 MiB, so that a page
 * holding a million-operation trace stays under 500 MB: 256 MiB of
 * checkpoints + a 64 MiB heap + 17 MB of operations + 16 MB of metric
 * series, leaving ~130 MB for the parsed file, the page and the browser
 * (bench:page measures 378 to 433 MiB in all with the Lululucator, whose
 * checkpoints then fill the budget).
 */
export const DEFAULT_CHECKPOINT_BUDGET = 256 * 1024 * 1024;

/**
 * The default share of the replay time that snapshots may take: 2, so the
 * build costs at most three times a plain replay, and K settles near
 * snapshot time / (2 x operation time): a seek replays for about half as
 * long as one snapshot takes. With 1, K doubles and the seeks' 95th
 * percentile grows by half on first-fit (bench/timeline.ts: 5.4 ms against
 * 9.3 on a million operations); the Lululucator's is its restore's either way.
 */
export const DEFAULT_TIME_SHARE = 2;

/**
 * The default cap on the time interval: 16,384 operations, a seek's replay
 * of about 4 ms at worst on this machine (the Lululucator replays an
 * operation in 0.25 µs). The time rule alone sets the Lululucator's K to
 * 32,768 or more on a million operations (its snapshots hold 260,000 free
 * nodes); capped, a seek's 95th percentile goes from 16.3 ms to 12.8
 * (bench/timeline.ts), with 250 MiB of checkpoints. Its snapshots are
 * taken from the groups written since the last one (HeapDriver.snapshot),
 * so the build costs what it did at 32,768 with whole-heap snapshots.
 */
export const DEFAULT_SEEK_OPS = 16384;


export interface CheckpointLimits {
  /** Bytes the snapshots may hold (default 256 MiB). */
  readonly budgetBytes?: number;
  /** Share of the replay time that snapshots may take (default 2; Infinity: no time rule). */
  readonly timeShare?: number;
  /** Most operations the time rule lets a seek replay (default 16,384; the memory budget may still space checkpoints further). */
  readonly seekOps?: number;
}

export class Checkpoints {
  private list: Checkpoint[] = [];
  /** Sum of the kept snapshots' sizes. */
  bytes = 0;
  /** Time spent taking snapshots (ms). */
  captureMs = 0;
  readonly budgetBytes: number;
  readonly timeShare: number;
  /** The time interval's cap: the first K times a power of two. */
  readonly seekOps: number;
  /** Bytes of the latest snapshot taken: the estimate for the next one. */
  private lastBytes = 0;
  /** The interval the memory budget allows, and the one the time rule asks for. */
  private memoryInterval: number;
  private timeInterval: number;
  /** Work time (ms) when the last checkpoint was taken. */
  private lastWorkMs = 0;
  /** Moving averages of a snapshot's time and of an operation's work time (ms), 0 before the first measure. */
  private snapshotMs = 0;
  private opMs = 0;

  /** `first`: the step-0 snapshot; `firstInterval`: the initial K (a positive integer). */
  constructor(
    first: HeapSnapshot,
    readonly firstInterval: number,
    limits: CheckpointLimits = {},
  ) {
    if (!Number.isInteger(firstInterval) || firstInterval < 1) throw new RangeError(`checkpoint interval must be a positive integer, not ${firstInterval}`);
    this.memoryInterval = firstInterval;
    this.timeInterval = firstInterval;
    this.budgetBytes = limits.budgetBytes ?? DEFAULT_CHECKPOINT_BUDGET;
    this.timeShare = limits.timeShare ?? DEFAULT_TIME_SHARE;
    // The largest first K times a power of two within the cap (K itself at least).
    let cap = firstInterval;
    while (cap * 2 <= (limits.seekOps ?? DEFAULT_SEEK_OPS)) cap *= 2;
    this.seekOps = cap;
    this.push(0, first);
  }

  /** K: checkpoints are due at its multiples. */
  get interval(): number {
    return Math.max(this.memoryInterval, this.timeInterval);
  }

  get count(): number {
    return this.list.length;
  }

  /** The last checkpoint's step. O(1). */
  get lastStep(): number {
    return this.list[this.list.length - 1].step;
  }

  /**
   * Takes a checkpoint at `step` if one is due there: `step` is a multiple of
   * K past the last checkpoint, and still is once room is made for a
   * snapshot the size of the previous one. `take` runs only then; its time
   * and the work since the last checkpoint (`workMs`: the caller's work
   * clock, snapshots excluded) set the time interval. O(1) plus the
   * snapshot's cost; a thinning is O(checkpoints).
   */
  offer(step: number, take: () => HeapSnapshot, workMs = 0): boolean {
    if (step % this.interval !== 0 || step <= this.lastStep) return false;
    while (this.bytes + this.lastBytes > this.budgetBytes && this.list.length > 1) this.thin();
    if (step % this.interval !== 0) return false;
    const ops = step - this.lastStep;
    const t0 = performance.now();
    this.push(step, take());
    const spent = performance.now() - t0;
    this.captureMs += spent;
    const work = workMs - this.lastWorkMs;
    this.lastWorkMs = workMs;
    if (work > 0 && Number.isFinite(this.timeShare)) {
      this.snapshotMs = smooth(this.snapshotMs, spent);
      this.opMs = smooth(this.opMs, work / ops);
      const ideal = this.snapshotMs / (this.timeShare * this.opMs);
      const most = Math.min(this.timeInterval * 2, this.seekOps);
      let k = this.firstInterval;
      while (k < ideal && k < most) k *= 2;
      this.timeInterval = k;
    }
    while (this.bytes > this.budgetBytes && this.list.length > 1) this.thin();
    return true;
  }

  /** The checkpoint with the greatest step at or below `step`. O(log checkpoints). */
  nearest(step: number): Checkpoint {
    const list = this.list;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].step <= step) lo = mid;
      else hi = mid - 1;
    }
    return list[lo];
  }

  /** Drops the checkpoints after `step` (the future a truncation removes). O(dropped). */
  dropAfter(step: number): void {
    const list = this.list;
    while (list.length > 1 && list[list.length - 1].step > step) this.bytes -= list.pop()!.bytes;
  }

  /** The kept checkpoints' steps, ascending. O(checkpoints). */
  steps(): number[] {
    return this.list.map((c) => c.step);
  }

  private push(step: number, snapshot: HeapSnapshot): void {
    const bytes = heapSnapshotBytes(snapshot);
    this.list.push({ step, snapshot, bytes });
    this.bytes += bytes;
    this.lastBytes = bytes;
  }

  /** Doubles the memory interval and keeps only the checkpoints at its multiples. O(checkpoints). */
  private thin(): void {
    this.memoryInterval *= 2;
    const k = this.memoryInterval;
    this.list = this.list.filter((c) => c.step % k === 0);
    this.bytes = this.list.reduce((sum, c) => sum + c.bytes, 0);
  }
}

/** An exponential moving average's next value (weight 1/4 to the new sample; the first sample as is). O(1). */
function smooth(average: number, sample: number): number {
  return average === 0 ? sample : average + (sample - average) / 4;
}
