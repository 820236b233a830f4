import { MAX_HEAP_BYTES } from '../heap-memory.ts';
import { OpCode, OpList } from './op-list.ts';
import { ProcessHeap } from './process-heap.ts';
import type { ProcessInfo, Trace, TraceFormat } from './trace.ts';
import { TraceError, type TraceWarning } from './trace-error.ts';
import { WarningTally } from './warning-tally.ts';

/**
 * The processes of a real-program trace, each with its own heap, in the
 * order they first appear. Every process is followed to the end (the
 * busiest is known only then); `finish` hands back the chosen one's
 * operations. Invariant: one ProcessHeap per pid. Cost: O(1) per lookup
 * (the last process is cached: consecutive lines are mostly one process's).
 */
export class ProcessTable {
  /** Warnings about the trace as a whole (not one process's calls). */
  readonly warnings = new WarningTally();
  private readonly byPid = new Map<number, ProcessHeap>();
  private readonly order: ProcessHeap[] = [];
  private last: ProcessHeap | null = null;

  constructor(
    private readonly file: string,
    private readonly wantedPid: number | undefined,
  ) {}

  /** The process `pid`, created on first sight. O(1). */
  get(pid: number): ProcessHeap {
    const last = this.last;
    if (last !== null && last.pid === pid) return last;
    let heap = this.byPid.get(pid);
    if (!heap) {
      heap = new ProcessHeap(pid, this.file);
      this.byPid.set(pid, heap);
      this.order.push(heap);
    }
    this.last = heap;
    return heap;
  }

  has(pid: number): boolean {
    return this.byPid.has(pid);
  }

  get size(): number {
    return this.order.length;
  }

  /** Every process, in order of first appearance. */
  all(): readonly ProcessHeap[] {
    return this.order;
  }

  /**
   * The trace of the chosen process: `--pid`'s, else the one with the most
   * calls (the first such on a tie). `named` is false for a trace that names
   * no process (ltrace without -f): then `processes` is empty and `pid` null.
   * O(processes + warnings).
   */
  finish(format: TraceFormat, lastLine: number, named: boolean): Trace {
    const chosen = this.choose(named);
    const warnings: TraceWarning[] = [...this.warnings.warnings(), ...(chosen ? chosen.warnings.warnings() : [])];
    if (!chosen || chosen.calls === 0) {
      warnings.push({ line: Math.max(1, lastLine), message: 'no malloc, calloc, realloc or free call in this trace: nothing to replay' });
    }
    warnings.sort((a, b) => a.line - b.line);
    const processes: ProcessInfo[] = named ? this.order.map((p) => ({ pid: p.pid, command: p.command, calls: p.calls })) : [];
    const ops = chosen ? chosen.ops : new OpList(1);
    const idCount = chosen ? chosen.idCount : 0;
    let suggested: number | null | undefined;
    return {
      format,
      file: this.file,
      ops,
      idCount,
      /** Computed on first use (a pass over the operations the command line never needs). */
      get suggestedHeap() {
        if (suggested === undefined) suggested = ops.length > 0 ? suggestHeap(ops, idCount) : null;
        return suggested;
      },
      warnings,
      processes,
      pid: named && chosen ? chosen.pid : null,
    };
  }

  private choose(named: boolean): ProcessHeap | null {
    if (this.wantedPid !== undefined) {
      if (!named) throw new TraceError(this.file, 1, `--pid ${this.wantedPid}: this trace names no processes (ltrace was run without -f), there is only one`);
      const wanted = this.byPid.get(this.wantedPid);
      if (!wanted) {
        const found = this.order.map((p) => `${p.pid}${p.command ? ` (${clipCommand(p.command)})` : ''}`).join(', ');
        throw new TraceError(this.file, 1, `--pid ${this.wantedPid}: no such process in this trace; it holds ${found || 'no process'}`);
      }
      return wanted;
    }
    let best: ProcessHeap | null = null;
    for (const p of this.order) if (best === null || p.calls > best.calls) best = p;
    return best;
  }
}

const MiB = 1024 * 1024;

/**
 * A heap for a real program's replay: four times its peak payload (room for
 * every strategy's metadata, rounding and holes), in whole MiB, from 1 MiB
 * to the engine's largest. A real trace states no heap size of its own;
 * without this, a page whose heap is small would fail most of a compiler's
 * allocations. O(ops).
 */
export function suggestHeap(ops: OpList, idCount: number): number {
  const size = new Float64Array(idCount);
  let live = 0;
  let peak = 0;
  for (let i = 0; i < ops.length; i++) {
    const id = ops.id[i];
    live -= size[id];
    size[id] = ops.kind[i] === OpCode.Free ? 0 : ops.size[i];
    live += size[id];
    if (live > peak) peak = live;
  }
  return Math.min(MAX_HEAP_BYTES, Math.max(MiB, Math.ceil((peak * 4) / MiB) * MiB));
}

function clipCommand(command: string): string {
  return command.length > 40 ? `${command.slice(0, 37)}...` : command;
}
