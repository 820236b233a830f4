import type { RestoreHelper } from './restore-job.ts';
import { FAST_BAD_SIZE, FAST_ID_IN_USE, FAST_NOT_LIVE, FAST_NULL, FAST_OUT_OF_MEMORY, HeapDriver, type OpResult } from '../driver.ts';
import type { EventSink } from '../events.ts';
import { applyFast, applyOp } from '../replay.ts';
import type { StrategyName } from '../strategy.ts';
import { OpCode, type OpList } from '../trace/op-list.ts';
import { Checkpoints } from './checkpoints.ts';
import { DEFAULT_FRAGMENTATION_SAMPLES, DEFAULT_VISIT_BUDGET, MetricSeries } from './metric-series.ts';

/**
 * A trace as a timeline one can scrub: step k is the heap after the first k
 * operations, byte for byte what a straight replay gives, for any strategy
 * (the engine is deterministic). It keeps checkpoints (driver snapshots
 * every K operations, under a memory budget: see checkpoints.ts) and a seek
 * restores the nearest one at or before the target and replays forward on
 * the fast path. Operations can be appended at any step: the future after it
 * is dropped first, as an editor's undo history does.
 *
 * Invariants: 0 <= step <= recorded - 1 <= length; the driver holds the heap
 * of step `step`; the metric series and the checkpoints cover exactly the
 * steps 0..recorded-1 (the "frontier": applying an operation there records
 * it); the strategy's event sink is detached except inside
 * {@link stepForward}.
 *
 * The timeline owns `ops` (truncation shortens it, appends push onto it)
 * and its driver: operate through the timeline, not on the driver.
 *
 * Memory, besides the heap itself: the checkpoints, at most the budget
 * (default 256 MiB; sparse snapshots are usually far smaller: see
 * sparse-image.ts); the metric series, 16 bytes a step plus 12 a
 * fragmentation sample and 5 a failure (16 MB for a million operations);
 * the operations, 17 bytes each.
 */

export interface TimelineOptions {
  readonly strategy: StrategyName;
  readonly heapSize: number;
  /** The trace's operations; the timeline owns and edits the list. */
  readonly ops: OpList;
  /** Bytes the checkpoints may hold (default 256 MiB). */
  readonly budgetBytes?: number;
  /** Share of the replay time that checkpoint snapshots may take (default 2; Infinity turns the time rule off). */
  readonly timeShare?: number;
  /** The first checkpoint interval K (default: the power of two >= ops / 1024, at least 64). */
  readonly interval?: number;
  /** External fragmentation sample candidates over the trace (default 2,048). */
  readonly fragmentationSamples?: number;
  /** Free-block visits the fragmentation samples may cost (default 2 million; as many again for failures). */
  readonly fragmentationVisits?: number;
  /** Use SharedArrayBuffer for the heap where available (default true). */
  readonly shared?: boolean;
  /** A second thread for the heap work of each restore (restore-job.ts). */
  readonly restoreHelper?: RestoreHelper;
}

export interface BuildOptions {
  /** Called after every chunk with (steps recorded, total); returning false cancels. */
  readonly onProgress?: (done: number, total: number) => boolean | void;
  /** Checked before every chunk: an AbortSignal, or any object whose `aborted` turns true. */
  readonly signal?: { readonly aborted: boolean };
  /** Operations per chunk (default 65,536). */
  readonly chunk?: number;
}

/** Most checkpoints the default first interval aims at. */
const DEFAULT_CHECKPOINT_COUNT = 1024;
const MIN_INTERVAL = 64;

/** The default first K for a trace of `ops` operations. O(1). */
export function defaultInterval(ops: number): number {
  let k = MIN_INTERVAL;
  while (k * DEFAULT_CHECKPOINT_COUNT < ops) k *= 2;
  return k;
}

export class Timeline {
  readonly driver: HeapDriver;
  readonly ops: OpList;
  readonly checkpoints: Checkpoints;
  readonly series: MetricSeries;
  private current = 0;
  private readonly sink: EventSink | null;
  /** Time spent applying operations past the frontier, snapshots excluded (ms): the time rule's yardstick. */
  private workMs = 0;
  private workStart = 0;

  /** A timeline at step 0 with nothing recorded past it; call {@link build}. O(1) besides allocating the series. */
  constructor(options: TimelineOptions) {
    this.ops = options.ops;
    this.driver = new HeapDriver({ strategy: options.strategy, heapSize: options.heapSize, shared: options.shared, events: true, restoreHelper: options.restoreHelper });
    this.sink = this.driver.strategy.events;
    this.driver.strategy.events = null;
    const n = this.ops.length;
    const plan = MetricSeries.plan(n, options.fragmentationSamples ?? DEFAULT_FRAGMENTATION_SAMPLES, options.fragmentationVisits ?? DEFAULT_VISIT_BUDGET);
    this.series = new MetricSeries(n + 1, plan);
    this.series.record(0, this.driver, 0);
    this.checkpoints = new Checkpoints(this.driver.snapshot(), options.interval ?? defaultInterval(n), {
      budgetBytes: options.budgetBytes,
      timeShare: options.timeShare,
    });
  }

  /** The current step: the heap after this many operations. */
  get step(): number {
    return this.current;
  }

  /** Operations in the timeline (the last step). */
  get length(): number {
    return this.ops.length;
  }

  /** Steps recorded (metrics and checkpoints) so far: 0..recorded-1; the build is done when it is length + 1. */
  get recorded(): number {
    return this.series.length;
  }

  get built(): boolean {
    return this.series.length === this.ops.length + 1;
  }

  /**
   * Replays the operations not yet recorded on the fast path, recording the
   * metric series and taking checkpoints; true when it reached the end,
   * false when cancelled (by `onProgress` returning false or `signal`); a
   * later call resumes. Leaves the timeline at the last step recorded.
   * O(strategy costs of the ops + checkpoint copies + fragmentation samples).
   */
  build(options: BuildOptions = {}): boolean {
    const chunk = Math.max(1, options.chunk ?? 65536);
    if (this.current !== this.series.length - 1) this.seek(this.series.length - 1);
    const n = this.ops.length;
    while (this.current < n) {
      if (options.signal?.aborted) return false;
      this.advance(Math.min(n, this.current + chunk));
      if (options.onProgress?.(this.current, n) === false) return this.built;
    }
    return true;
  }

  /**
   * Moves to `step` (0..length): restores the nearest checkpoint at or
   * before it, unless the current step is already between the two, then
   * replays forward on the fast path. O(snapshot bytes + K operations); a
   * step past the recorded ones records the steps in between (build work).
   */
  seek(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.ops.length) {
      throw new RangeError(`step ${step} is outside 0..${this.ops.length}`);
    }
    if (step === this.current) return;
    const from = this.checkpoints.nearest(step);
    if (!(this.current < step && this.current >= from.step)) {
      this.driver.restore(from.snapshot);
      this.current = from.step;
    }
    this.advance(step);
  }

  /** Applies the next operation with its events (for the log); null at the last step. O(the operation). */
  stepForward(): OpResult | null {
    if (this.current >= this.ops.length) return null;
    const i = this.current;
    this.driver.strategy.events = this.sink;
    let result: OpResult;
    try {
      result = applyOp(this.driver, this.ops, i);
    } finally {
      this.driver.strategy.events = null;
    }
    this.current = i + 1;
    if (this.current === this.series.length) this.record(this.current, fastCode(result));
    return result;
  }

  /** Moves back one step (a seek). */
  stepBack(): void {
    if (this.current > 0) this.seek(this.current - 1);
  }

  /**
   * Drops the operations after `step` (0..length), their checkpoints and
   * their metrics; moves back to `step` if the timeline was past it.
   * O(a seek + dropped checkpoints + failures).
   */
  truncateAt(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step > this.ops.length) {
      throw new RangeError(`step ${step} is outside 0..${this.ops.length}`);
    }
    if (step === this.ops.length) return;
    if (this.current > step) this.seek(step);
    this.ops.length = step;
    this.checkpoints.dropAfter(step);
    this.series.truncate(step);
  }

  /**
   * A click on top of the trace: drops the future after the current step,
   * appends the operation (source line 0: no line) and applies it with its
   * events. O(truncation + the operation).
   */
  append(kind: OpCode, id: number, size = 0): OpResult {
    this.truncateAt(this.current);
    this.ops.push(kind, id, size, 0);
    return this.stepForward()!;
  }

  /**
   * A user's operation at the current step (a click): applied with its
   * events; when it succeeds, the future after the current step is dropped
   * and the operation recorded as the next step; when it fails, nothing
   * changes, neither the heap nor the timeline (a mistake is not history).
   * O(the operation + dropped checkpoints and failures); never a seek.
   */
  applyClick(kind: OpCode, id: number, size = 0): OpResult {
    const i = this.current;
    const driver = this.driver;
    driver.strategy.events = this.sink;
    let result: OpResult;
    try {
      result = kind === OpCode.Alloc ? driver.alloc(id, size) : kind === OpCode.Free ? driver.free(id) : driver.realloc(id, size);
    } finally {
      this.driver.strategy.events = null;
    }
    if (!result.ok) return result;
    // The heap is now the heap of step i + 1 of the new history: forget the old future, then record.
    this.ops.length = i;
    this.checkpoints.dropAfter(i);
    this.series.truncate(i);
    this.ops.push(kind, id, size, 0);
    this.current = i + 1;
    this.record(this.current, fastCode(result));
    return result;
  }

  /** An id no operation up to the current step has used: the one a click should allocate. O(1). */
  freshId(): number {
    return this.driver.live.idLimit;
  }

  /** Bytes the timeline holds besides the heap: checkpoints, metric series, operations. O(1). */
  memoryBytes(): { checkpoints: number; series: number; ops: number } {
    const o = this.ops;
    return {
      checkpoints: this.checkpoints.bytes,
      series: this.series.bytes,
      ops: o.kind.byteLength + o.id.byteLength + o.size.byteLength + o.line.byteLength,
    };
  }

  /** Applies operations up to step `to` on the fast path, recording those past the frontier. */
  private advance(to: number): void {
    const driver = this.driver;
    const ops = this.ops;
    let i = this.current;
    const plain = Math.min(to, this.series.length - 1);
    for (; i < plain; i++) applyFast(driver, ops, i);
    if (i === to) {
      this.current = to;
      return;
    }
    this.workStart = performance.now() - this.workMs - this.checkpoints.captureMs;
    for (; i < to; i++) this.record(i + 1, applyFast(driver, ops, i));
    this.workMs = this.workDone();
    this.current = to;
  }

  /** Work time so far, counted from `workStart` (which folds in earlier work and snapshot time). */
  private workDone(): number {
    return performance.now() - this.workStart - this.checkpoints.captureMs;
  }

  private record(step: number, code: number): void {
    this.series.record(step, this.driver, code);
    if (step % this.checkpoints.interval === 0) this.checkpoints.offer(step, () => this.driver.snapshot(), this.workDone());
  }
}

/** The fast-path code of a typed result: the offset, FAST_NULL, or the failure's FAST_* code. O(1). */
export function fastCode(result: OpResult): number {
  if (result.ok) return result.offset ?? FAST_NULL;
  switch (result.error.code) {
    case 'out-of-memory':
      return FAST_OUT_OF_MEMORY;
    case 'bad-size':
      return FAST_BAD_SIZE;
    case 'not-live':
      return FAST_NOT_LIVE;
    case 'id-in-use':
      return FAST_ID_IN_USE;
  }
}
