import { HeapDriver } from '../src/core/driver.ts';
import type { HeapMetrics } from '../src/core/metrics.ts';
import { applyFast } from '../src/core/replay.ts';
import type { StrategyName } from '../src/core/strategy.ts';
import type { Trace } from '../src/core/trace/trace.ts';

/**
 * One strategy on one trace: the measures of the first replay and the
 * engine's speed. Each run replays the trace through the fast path (no
 * events, no result objects) on the same heap, reset. Runs repeat
 * until `minMs` has been spent (at most `maxRuns`); the best run counts. A
 * trace whose first run already takes `minMs` is run once, so the slow pairs
 * cost one replay, not two (unlike replay.ts's measureThroughput, which also
 * replays once more for the measures).
 */
export interface TraceMeasure {
  readonly metrics: HeapMetrics;
  /** The best run, in milliseconds. */
  readonly bestMs: number;
  readonly runs: number;
  readonly opsPerSecond: number;
}

export function measureTrace(trace: Trace, strategy: StrategyName, heapSize: number, minMs: number, maxRuns = 50): TraceMeasure {
  const ops = trace.ops;
  const n = ops.length;
  // One heap for every run: a reset heap replays exactly as a fresh one
  // (test/core/reset.test.ts), and reusing it keeps the operating system's
  // first-touch page faults of a new 64 MiB buffer out of the engine's time.
  const driver = new HeapDriver({ strategy, heapSize, events: false });
  const replayOnce = () => {
    driver.reset();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) applyFast(driver, ops, i);
    return performance.now() - t0;
  };
  const first = replayOnce();
  const metrics: HeapMetrics = driver.metrics();
  // A slow pair is replayed once; a fast one is timed again, warm, until minMs is spent.
  let best = first;
  let spent = first;
  let runs = 1;
  // The first run is cold (the JIT, the heap's first-touch page faults): a fast pair gets at least ten.
  while (runs < maxRuns && (spent < minMs || (runs < 10 && first < 1000))) {
    const dt = replayOnce();
    spent += dt;
    runs++;
    if (dt < best) best = dt;
  }
  return { metrics, bestMs: best, runs, opsPerSecond: n === 0 ? 0 : best > 0 ? Math.round((n / best) * 1000) : n * 1e6 };
}
