import type { OpList } from './op-list.ts';
import type { TraceWarning } from './trace-error.ts';

export type TraceFormat = 'rep' | 'valgrind' | 'ltrace' | 'scenario';

/** One process found in a real-program trace. */
export interface ProcessInfo {
  readonly pid: number;
  /** The command, where the trace names it. */
  readonly command: string | null;
  /** malloc / calloc / realloc / free calls seen. */
  readonly calls: number;
}

/** A parsed trace: operations over dense ids 0..idCount-1, ready to replay. */
export interface Trace {
  readonly format: TraceFormat;
  /** The file name, for messages. */
  readonly file: string;
  readonly ops: OpList;
  /** Ids are 0..idCount-1. */
  readonly idCount: number;
  /** The trace's own heap size suggestion (a `.rep` header's first number), if any. */
  readonly suggestedHeap: number | null;
  readonly warnings: readonly TraceWarning[];
  /** For real-program traces: every process found, and the one replayed. */
  readonly processes: readonly ProcessInfo[];
  readonly pid: number | null;
}
