import type { OpKind } from '../core/driver.ts';
import type { HeapEvent } from '../core/events.ts';
import type { OpError } from '../core/failure.ts';
import type { ByteBuffer, HeapBuffers } from '../core/heap-memory.ts';
import type { LiveTableBuffers } from '../core/live-table.ts';
import type { HeapMetrics } from '../core/metrics.ts';
import type { StrategyName } from '../core/strategy.ts';

/**
 * Every message between the page and the heap worker: one typed union each
 * way. The page sends commands, each with a call number; the worker answers
 * each call exactly once (a `reply`, or a `failed` when the engine threw),
 * and before the reply of a call that changed the heap's buffers it sends a
 * `memory` message. Heap bytes never travel in a reply: in a cross-origin
 * isolated page they are shared (the page reads them directly); elsewhere a
 * `memory` snapshot carries a copy of what changed.
 *
 * Later commands (load a trace, seek a step) are new members of `Command`:
 * nothing here assumes the set is closed.
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
  | { readonly kind: 'alloc'; readonly id: number; readonly size: number }
  | { readonly kind: 'free'; readonly id: number }
  | { readonly kind: 'realloc'; readonly id: number; readonly size: number }
  /** Empties the heap: same strategy, size and buffers. */
  | { readonly kind: 'reset' }
  /** Applies operations in order on the current heap (the rebuild after a restart, a generated heap). */
  | { readonly kind: 'replay'; readonly ops: readonly SessionOp[] }
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

/** The answer to init, reset and replay. */
export interface StateReply {
  readonly metrics: HeapMetrics;
  readonly version: number;
  /** Operations applied (replay). */
  readonly applied: number;
  /** Operations that failed (replay). */
  readonly failed: number;
}

export type ReplyTo<C extends Command> = C extends { kind: 'alloc' | 'free' | 'realloc' } ? OpReply : StateReply;
export type Reply = OpReply | StateReply;

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

/** How long a call may take before the page gives the worker up (ms). */
export const CALL_TIMEOUT_MS = 5_000;
/** A replay may be long (a generated heap of 100,000 blocks). */
export const REPLAY_TIMEOUT_MS = 60_000;
