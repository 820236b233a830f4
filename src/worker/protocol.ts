import type { OpKind } from '../core/driver.ts';
import type { HeapEvent } from '../core/events.ts';
import type { OpError } from '../core/failure.ts';
import type { ByteBuffer, HeapBuffers } from '../core/heap-memory.ts';
import type { LiveTableBuffers } from '../core/live-table.ts';
import type { HeapMetrics } from '../core/metrics.ts';
import type { StrategyName } from '../core/strategy.ts';
import type { TimelineDelta } from '../core/timeline/timeline-delta.ts';
import type { ScenarioSource, Selection, StripView } from '../core/scenario/scenario.ts';
import type { ProcessInfo, TraceFormat } from '../core/trace/trace.ts';

/**
 * Every message between the page and the heap worker: one typed union each
 * way. The page sends commands, each with a call number; the worker answers
 * each call exactly once (a `reply`, or a `failed` when the engine threw),
 * and before the reply of a call that changed the heap's buffers it sends a
 * `memory` message. Heap bytes never travel in a reply: in a cross-origin
 * isolated page they are shared (the page reads them directly); elsewhere a
 * `memory` snapshot carries a copy of what changed.
 *
 * The heap is a timeline (core/timeline): step k is the heap after the
 * first k operations. Every call that changes the operations sends a
 * `timeline` delta before its reply, so the page's mirror of the operations
 * and measures is current when the reply arrives. A `load` reads and
 * replays a whole trace in chunks, sending `progress` between them, and
 * yields to the worker's message loop so that `cancel-load` is heard.
 */

/** One operation of a session, as the page keeps it to rebuild the heap: a trace in memory. */
export interface SessionOp {
  readonly op: OpKind;
  /** The block's id (dense: the n-th block allocated on the page is n). */
  readonly id: number;
  /** Requested bytes (alloc, realloc); 0 for free. */
  readonly size: number;
}

export type Command =
  /** A fresh heap: new buffers, nothing allocated. */
  | { readonly kind: 'init'; readonly strategy: StrategyName; readonly heapSize: number }
  /** Without an id, the worker picks one no operation up to the current step has used. */
  | { readonly kind: 'alloc'; readonly id?: number; readonly size: number }
  | { readonly kind: 'free'; readonly id: number }
  | { readonly kind: 'realloc'; readonly id: number; readonly size: number }
  /** Empties the heap: same strategy, size and buffers. */
  | { readonly kind: 'reset' }
  /**
   * Applies operations in order at the current step (dropping the future
   * after it): the rebuild after a restart, a generated heap. Those that
   * fail stay in the timeline, as a trace's do.
   */
  | { readonly kind: 'replay'; readonly ops: readonly SessionOp[] }
  /**
   * Moves to step `step` (0..length) of the timeline. With `wideFrom`, also
   * lists the free blocks of at least that many bytes in the sync buffer,
   * where the strategy's index can (WIDE_COUNT_WORD).
   */
  | { readonly kind: 'seek'; readonly step: number; readonly wideFrom?: number }
  /**
   * Reads a trace (any format the command line reads) and makes it the
   * timeline, at step 0 (a scenario: at its own step). The heap is the
   * larger of `heapSize` and the trace's suggestion; a scenario brings its
   * own strategy and heap size. The current heap stays as it is until the
   * new one is ready, and stays if reading fails or is cancelled.
   */
  | {
      readonly kind: 'load';
      readonly name: string;
      readonly data: ArrayBuffer;
      readonly strategy: StrategyName;
      readonly heapSize: number;
      readonly pid?: number;
      /** Use `strategy` even for a scenario file (the user switched strategy on a loaded scenario). */
      readonly overrideStrategy?: boolean;
    }
  /** Stops the load under way (answered at once; the load's own call then answers `cancelled`). */
  | { readonly kind: 'cancel-load' }
  /** Makes the worker throw outside any call: how tests prove that the page survives a dead worker. */
  | { readonly kind: 'debug-crash' };

export type CommandKind = Command['kind'];

/** The answer to alloc, free and realloc: the driver's result, flattened. */
export interface OpReply {
  readonly ok: boolean;
  readonly op: OpKind;
  readonly id: number;
  readonly size: number;
  /** Payload offset (new for alloc / realloc, freed for free); null when the operation failed. */
  readonly offset: number | null;
  /** Block start (payload - header bytes); null when the operation failed. */
  readonly start: number | null;
  readonly span: number;
  readonly events: readonly HeapEvent[];
  readonly error: OpError | null;
  readonly metrics: HeapMetrics;
  /** The heap's version once the operation is done. */
  readonly version: number;
}

/** The answer to init, reset, replay, seek and cancel-load. */
export interface StateReply {
  readonly metrics: HeapMetrics;
  readonly version: number;
  /** Operations applied (replay). */
  readonly applied: number;
  /** Operations that failed (replay). */
  readonly failed: number;
  /** The timeline's current step and length once the call is done. */
  readonly step: number;
  readonly length: number;
  /** Seek: the operation that led to this step (step - 1), with its events; null at step 0. */
  readonly op: OpReply | null;
  /** Milliseconds the worker spent on the call (what playback sizes its strides by). */
  readonly workMs: number;
}

/** The answer to load. */
export type LoadReply =
  | {
      readonly ok: true;
      readonly format: TraceFormat;
      readonly strategy: StrategyName;
      readonly heapSize: number;
      readonly processes: readonly ProcessInfo[];
      readonly pid: number | null;
      /** `FILE:LINE: warning` lines. */
      readonly warnings: readonly string[];
      /** Operations of the trace that failed (out of memory, mostly). */
      readonly failed: number;
      readonly state: StateReply;
      /** What a scenario file restores besides its operations. */
      readonly scenario: { readonly step: number; readonly selected: Selection | null; readonly view: StripView; readonly source: ScenarioSource } | null;
    }
  /** Bad input: `FILE:LINE: reason`, and the heap was not touched. */
  | { readonly ok: false; readonly cancelled: false; readonly error: string }
  | { readonly ok: false; readonly cancelled: true };

export type ReplyTo<C extends Command> = C extends { kind: 'alloc' | 'free' | 'realloc' }
  ? OpReply
  : C extends { kind: 'load' }
    ? LoadReply
    : StateReply;
export type Reply = OpReply | StateReply | LoadReply;

/** Where a load is: reading the file, or replaying it to build the timeline. */
export interface LoadProgress {
  readonly phase: 'read' | 'build';
  readonly done: number;
  readonly total: number;
}

/** page -> worker */
export interface CommandMessage {
  readonly type: 'command';
  readonly call: number;
  readonly command: Command;
}

/**
 * How the page reads the heap.
 * - `shared`: the worker's own buffers (SharedArrayBuffer); `sync[0]` is the
 *   version word, odd while an operation is under way.
 * - `snapshot`: copies. `heap` holds the bytes [0, heap.byteLength) of the
 *   heap (the rest did not change or is never read); the page keeps its own
 *   full-size buffers and writes the copy in.
 */
export type MemoryView =
  | {
      readonly mode: 'shared';
      /** Counts inits: a new epoch is a new heap. */
      readonly epoch: number;
      readonly strategy: StrategyName;
      readonly heapSize: number;
      readonly heap: HeapBuffers;
      readonly live: LiveTableBuffers;
      readonly sync: SharedArrayBuffer;
    }
  | {
      readonly mode: 'snapshot';
      /** Counts inits: a new epoch is a new, zeroed heap (the page starts its copy afresh). */
      readonly epoch: number;
      readonly strategy: StrategyName;
      readonly heapSize: number;
      readonly version: number;
      readonly heap: ArrayBuffer;
      readonly registers: ArrayBuffer;
      readonly live: LiveTableBuffers;
    };

/** worker -> page */
export type WorkerMessage =
  /** Sent once, when the worker's script has started. */
  | { readonly type: 'hello'; readonly shared: boolean }
  | { readonly type: 'memory'; readonly view: MemoryView }
  /** The timeline's operations and measures changed from step `delta.from` on. */
  | { readonly type: 'timeline'; readonly delta: TimelineDelta }
  /** A load under way (call: the load's). */
  | { readonly type: 'progress'; readonly call: number; readonly progress: LoadProgress }
  | { readonly type: 'reply'; readonly call: number; readonly reply: Reply }
  /** The engine threw while running a call (a bug, not a user error). */
  | { readonly type: 'failed'; readonly call: number; readonly message: string };

/** What a message may hand over without a copy. */
export type Transfer = ArrayBuffer;

/** The buffers a snapshot view hands over (all fresh copies). */
export function snapshotTransfers(view: MemoryView): Transfer[] {
  if (view.mode !== 'snapshot') return [];
  const live = Object.values(view.live) as ByteBuffer[];
  return [view.heap, view.registers, ...live].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** Index of the version word in the shared sync buffer (odd while the worker writes). */
export const VERSION_WORD = 0;
/**
 * The timeline's step and length with the heap of this version: written
 * while the version is odd, so the page reads them with the heap and can
 * show the step in the frame that shows the heap, before the reply comes.
 */
export const STEP_WORD = 1;
export const LENGTH_WORD = 2;
/**
 * The free blocks of at least `sync[WIDE_FROM_WORD]` bytes after the last
 * seek that asked for them: `sync[WIDE_COUNT_WORD]` of them (-1: not
 * known, any write forgets them), as start, span pairs sorted by start
 * from WIDE_FIRST_WORD. Written while the version is odd, like the heap.
 * The strip's first frame of a new heap reads only these and the live
 * blocks (gap-layout.ts).
 */
export const WIDE_FROM_WORD = 3;
export const WIDE_COUNT_WORD = 4;
export const WIDE_FIRST_WORD = 5;
/** Most wide free blocks listed (more: not listed, the page reads the gaps). */
export const WIDE_MOST = 4096;
/** Words of the shared sync buffer. */
export const SYNC_WORDS = WIDE_FIRST_WORD + 2 * WIDE_MOST;

/** How long a call may take before the page gives the worker up (ms). */
export const CALL_TIMEOUT_MS = 5_000;
/** A replay may be long (a generated heap of 100,000 blocks). */
export const REPLAY_TIMEOUT_MS = 60_000;
/** A load reports progress as it goes; this bounds a worker that stopped reporting (ms). */
export const LOAD_TIMEOUT_MS = 600_000;
