import type { StrategyName } from '../src/core/strategy.ts';
import type { EngineRow } from './engine-run.ts';
import { STANDARD_TRACES } from './suite.ts';

/** One strategy's summary over the standard suite (the 11 default traces that ran). */
export interface StrategySummary {
  readonly strategy: StrategyName;
  /** How many of the 11 standard traces ran (a --trace filter may drop some). */
  readonly standardTraces: number;
  /** Mean utilization over them (mdriver's "average" util). */
  readonly meanUtilization: number;
  /** Their total operations over their total best-run time. */
  readonly opsPerSecond: number;
  /** Failed operations over every trace that ran. */
  readonly failed: number;
  /** Traces that could not be replayed. */
  readonly errors: number;
}

/** Summaries in the order the strategies first appear in `rows`. O(rows). */
export function summarize(rows: readonly EngineRow[]): StrategySummary[] {
  const order: StrategyName[] = [];
  for (const r of rows) if (!order.includes(r.strategy)) order.push(r.strategy);
  return order.map((strategy) => {
    const mine = rows.filter((r) => r.strategy === strategy);
    const standard = mine.filter((r) => r.standard && r.error === undefined);
    const ops = standard.reduce((a, r) => a + r.ops, 0);
    const ms = standard.reduce((a, r) => a + r.bestMs, 0);
    return {
      strategy,
      standardTraces: standard.length,
      meanUtilization: standard.length > 0 ? standard.reduce((a, r) => a + r.utilization, 0) / standard.length : 0,
      opsPerSecond: ms > 0 ? Math.round((ops / ms) * 1000) : 0,
      failed: mine.reduce((a, r) => a + r.failed, 0),
      errors: mine.filter((r) => r.error !== undefined).length,
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : String(x));

/** The text report: one table row per (strategy, trace), then one summary line per strategy. O(rows). */
export function formatReport(rows: readonly EngineRow[], summaries: readonly StrategySummary[], heapSize: number): string[] {
  const header = ['strategy', 'trace', 'ops', 'util', 'ops/s', 'failed'];
  const table: string[][] = rows.map((r) =>
    r.error !== undefined
      ? [r.strategy, r.trace, String(r.ops), '-', '-', `error: ${r.error}`]
      : [r.strategy, r.trace, String(r.ops), pct(r.utilization), rate(r.opsPerSecond), String(r.failed)],
  );
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => (c === 5 ? 0 : row[c].length))));
  const right = [false, false, true, true, true, true];
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const out = [`engine benchmark: heap ${heapSize} bytes; util = peak payload / footprint; ops/s = best timed fast-path replay`, '', line(header)];
  let last: string | null = null;
  for (const row of table) {
    if (last !== null && row[0] !== last) out.push('');
    last = row[0];
    out.push(line(row));
  }
  out.push('', `summary over the ${STANDARD_TRACES.length} standard traces (mean util; ops/s = total ops / total time):`);
  const nameWidth = Math.max(...summaries.map((s) => s.strategy.length));
  for (const s of summaries) {
    if (s.standardTraces === 0) {
      out.push(`  ${s.strategy.padEnd(nameWidth)}  no standard trace ran; ${s.failed} failed ops in all`);
      continue;
    }
    const partial = s.standardTraces === STANDARD_TRACES.length ? '' : ` (${s.standardTraces} of ${STANDARD_TRACES.length} traces)`;
    const errors = s.errors > 0 ? `, ${s.errors} traces in error` : '';
    out.push(
      `  ${s.strategy.padEnd(nameWidth)}  util ${pct(s.meanUtilization).padStart(6)}  ${rate(s.opsPerSecond).padStart(7)} ops/s  ${s.failed} failed ops in all${partial}${errors}`,
    );
  }
  return out;
}
