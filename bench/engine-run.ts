import { HeapMemory } from '../src/core/heap-memory.ts';
import { createStrategy } from '../src/core/strategies/registry.ts';
import { STRATEGY_NAMES, type StrategyName } from '../src/core/strategy.ts';
import type { Trace } from '../src/core/trace/trace.ts';
import { measureTrace } from './measure.ts';
import { loadTrace, type SuiteEntry } from './suite.ts';

/** One row of the engine benchmark: a strategy on a trace. */
export interface EngineRow {
  readonly strategy: StrategyName;
  readonly trace: string;
  readonly standard: boolean;
  readonly ops: number;
  readonly failed: number;
  readonly peakPayload: number;
  readonly footprint: number;
  /** Peak payload / footprint, as ALLOCATOR.md ("Measures") defines it. */
  readonly utilization: number;
  readonly opsPerSecond: number;
  /** The best timed replay, in milliseconds. */
  readonly bestMs: number;
  readonly runs: number;
  /** Set when the trace could not be read or the engine threw (a bug): the row's figures are 0. */
  readonly error?: string;
}

/** What one strategy is asked to run. */
export interface StrategyTask {
  readonly strategy: StrategyName;
  readonly entries: readonly SuiteEntry[];
  readonly heapSize: number;
  readonly minMs: number;
}

/** The strategies the registry can build now (others may still be in progress). O(strategies). */
export function buildableStrategies(): StrategyName[] {
  const probe = HeapMemory.create(64, false);
  return STRATEGY_NAMES.filter((name) => {
    try {
      createStrategy(name, probe);
      return true;
    } catch {
      return false;
    }
  });
}

/** Parsed traces, kept for the next strategy of the same process. */
const traceCache = new Map<string, Trace | Error>();

function cachedTrace(entry: SuiteEntry): Trace | Error {
  let t = traceCache.get(entry.file);
  if (t === undefined) {
    try {
      t = loadTrace(entry);
    } catch (e) {
      t = e instanceof Error ? e : new Error(String(e));
    }
    traceCache.set(entry.file, t);
  }
  return t;
}

/** Runs one strategy over the task's traces. O(sum of the replays' costs). */
export function runStrategyTask(task: StrategyTask): EngineRow[] {
  return task.entries.map((entry) => {
    const base = { strategy: task.strategy, trace: entry.name, standard: entry.standard };
    const trace = cachedTrace(entry);
    const failedRow = (ops: number, error: string): EngineRow => ({
      ...base,
      ops,
      failed: 0,
      peakPayload: 0,
      footprint: 0,
      utilization: 0,
      opsPerSecond: 0,
      bestMs: 0,
      runs: 0,
      error,
    });
    if (trace instanceof Error) return failedRow(0, trace.message);
    try {
      const m = measureTrace(trace, task.strategy, task.heapSize, task.minMs);
      return {
        ...base,
        ops: trace.ops.length,
        failed: m.metrics.failed,
        peakPayload: m.metrics.peakPayload,
        footprint: m.metrics.footprint,
        utilization: m.metrics.utilization,
        opsPerSecond: m.opsPerSecond,
        bestMs: m.bestMs,
        runs: m.runs,
      };
    } catch (e) {
      return failedRow(trace.ops.length, `engine threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
