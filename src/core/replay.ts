import { HeapDriver, type OpKind, type OpResult } from './driver.ts';
import type { HeapMetrics } from './metrics.ts';
import type { StrategyName } from './strategy.ts';
import { OP_NAMES, OpCode, type OpList } from './trace/op-list.ts';
import type { Trace } from './trace/trace.ts';

export interface ReplayOptions {
  readonly strategy: StrategyName;
  readonly heapSize: number;
  /** Called after every operation with its full result (turns events on). */
  readonly onOp?: (index: number, result: OpResult) => void;
  /** Run the heap checker after every operation; stop at the first broken rule. */
  readonly check?: boolean;
}

/** A broken invariant found by `check`: which operation, which rule. */
export interface BrokenInvariant {
  readonly index: number;
  readonly line: number;
  readonly op: OpKind;
  readonly rule: string;
}

export interface ReplayOutcome {
  readonly metrics: HeapMetrics;
  readonly broken: BrokenInvariant | null;
  readonly driver: HeapDriver;
}

/** Applies operation `i` of `ops` to `driver` through the fast path: the FAST_* code or offset. */
export function applyFast(driver: HeapDriver, ops: OpList, i: number): number {
  switch (ops.kind[i]) {
    case OpCode.Alloc:
      return driver.allocFast(ops.id[i], ops.size[i]);
    case OpCode.Free:
      return driver.freeFast(ops.id[i]);
    default:
      return driver.reallocFast(ops.id[i], ops.size[i]);
  }
}

/** Applies operation `i` of `ops` with a typed result (events included). */
export function applyOp(driver: HeapDriver, ops: OpList, i: number): OpResult {
  switch (ops.kind[i]) {
    case OpCode.Alloc:
      return driver.alloc(ops.id[i], ops.size[i]);
    case OpCode.Free:
      return driver.free(ops.id[i]);
    default:
      return driver.realloc(ops.id[i], ops.size[i]);
  }
}

/**
 * Replays a trace's operations on a fresh heap. With neither `onOp` nor
 * `check` it runs the fast path (no result objects, no events): the engine's
 * own speed. O(sum of the strategy's operation costs).
 */
export function replayTrace(trace: Trace, options: ReplayOptions): ReplayOutcome {
  const slow = options.onOp !== undefined || options.check === true;
  const driver = new HeapDriver({ strategy: options.strategy, heapSize: options.heapSize, events: options.onOp !== undefined });
  const ops = trace.ops;
  const n = ops.length;
  if (!slow) {
    for (let i = 0; i < n; i++) applyFast(driver, ops, i);
    return { metrics: driver.metrics(), broken: null, driver };
  }
  for (let i = 0; i < n; i++) {
    if (options.onOp) options.onOp(i, applyOp(driver, ops, i));
    else applyFast(driver, ops, i);
    if (options.check) {
      const rule = driver.check();
      if (rule !== null) {
        return { metrics: driver.metrics(), broken: { index: i, line: ops.line[i], op: OP_NAMES[ops.kind[i]], rule }, driver };
      }
    }
  }
  return { metrics: driver.metrics(), broken: null, driver };
}

/**
 * Operations per second of the engine alone: the fast path, timed over
 * repeated runs until at least `minMs` has passed (the best run counts).
 */
export function measureThroughput(trace: Trace, strategy: StrategyName, heapSize: number, minMs = 200): number {
  const n = trace.ops.length;
  if (n === 0) return 0;
  let best = Infinity;
  let spent = 0;
  let runs = 0;
  // One heap, reset between runs: a reset heap replays exactly as a fresh one,
  // and the first-touch page faults of a new buffer are not the engine's time.
  const driver = new HeapDriver({ strategy, heapSize, events: false });
  while (spent < minMs || runs < 2) {
    driver.reset();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) applyFast(driver, trace.ops, i);
    const dt = performance.now() - t0;
    spent += dt;
    runs++;
    if (dt < best) best = dt;
    if (runs >= 50) break;
  }
  return best > 0 ? Math.round((n / best) * 1000) : n * 1e6;
}
