import { HeapDriver } from '../src/core/driver.ts';
import type { HeapMetrics } from '../src/core/metrics.ts';
import { applyFast } from '../src/core/replay.ts';
import type { StrategyName } from '../src/core/strategy.ts';
import type { Trace } from '../src/core/trace/trace.ts';

/**
 * One strategy on one trace: the measures of the first replay and the
 * engine's speed. Each run is a fresh heap replayed through the fast path (no
 * events, no result objects), timed without the heap's creation. Runs repeat
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
  let metrics: HeapMetrics | null = null;
  let best = Infinity;
  let spent = 0;
  let runs = 0;
  do {
    const driver = new HeapDriver({ strategy, heapSize, events: false });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) applyFast(driver, ops, i);
    const dt = performance.now() - t0;
    if (metrics === null) metrics = driver.metrics();
    spent += dt;
    runs++;
    if (dt < best) best = dt;
  } while (spent < minMs && runs < maxRuns);
  return { metrics, bestMs: best, runs, opsPerSecond: n === 0 ? 0 : best > 0 ? Math.round((n / best) * 1000) : n * 1e6 };
}
