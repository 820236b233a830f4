import type { HeapMetrics } from '../core/metrics.ts';
import type { StrategyName } from '../core/strategy.ts';
import type { Trace } from '../core/trace/trace.ts';

/** The `--json` summary: CONTRACT.md's fields first, numbers as JSON numbers. */
export interface ReplaySummary {
  readonly file: string;
  readonly format: string;
  readonly strategy: StrategyName;
  readonly heapSize: number;
  readonly ops: number;
  readonly failed: number;
  readonly peakPayload: number;
  readonly footprint: number;
  readonly utilization: number;
  readonly externalFragmentation: number;
  readonly internalFragmentation: number;
  readonly opsPerSecond: number;
  readonly checked: boolean;
  readonly payloadAtExit: number;
  readonly liveBlocksAtExit: number;
  readonly freeBlocks: number;
  readonly largestFree: number;
  readonly warnings: number;
  readonly pid: number | null;
  readonly processes: Trace['processes'];
}

export function summarize(trace: Trace, strategy: StrategyName, heapSize: number, m: HeapMetrics, opsPerSecond: number, checked: boolean): ReplaySummary {
  return {
    file: trace.file,
    format: trace.format,
    strategy,
    heapSize,
    ops: trace.ops.length,
    failed: m.failed,
    peakPayload: m.peakPayload,
    footprint: m.footprint,
    utilization: round(m.utilization),
    externalFragmentation: round(m.externalFragmentation),
    internalFragmentation: round(m.internalFragmentation),
    opsPerSecond,
    checked,
    payloadAtExit: m.payload,
    liveBlocksAtExit: m.liveBlocks,
    freeBlocks: m.freeBlocks,
    largestFree: m.largestFree,
    warnings: trace.warnings.length,
    pid: trace.pid,
    processes: trace.processes,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The human-readable summary. */
export function formatSummary(s: ReplaySummary): string[] {
  const lines = [
    `${s.file}: ${s.format} trace, ${s.ops} operations, replayed with ${s.strategy} on a ${s.heapSize}-byte heap`,
    `  failed            ${s.failed}`,
    `  peak payload      ${s.peakPayload} bytes`,
    `  footprint         ${s.footprint} bytes`,
    `  utilization       ${pct(s.utilization)}`,
    `  external frag.    ${pct(s.externalFragmentation)} (largest free ${s.largestFree} of ${s.freeBlocks} free blocks)`,
    `  internal frag.    ${pct(s.internalFragmentation)}`,
    `  live at exit      ${s.payloadAtExit} bytes in ${s.liveBlocksAtExit} blocks`,
    `  throughput        ${(s.opsPerSecond / 1e6).toFixed(2)} M ops/s (engine alone)`,
  ];
  if (s.checked) lines.push('  heap check        passed after every operation');
  if (s.processes.length > 1) {
    lines.push(`  processes         ${s.processes.map((p) => `${p.pid}${p.command ? ` (${p.command})` : ''}: ${p.calls} calls`).join(', ')}; replayed ${s.pid}`);
  }
  return lines;
}
