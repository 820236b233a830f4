import type { OpKind } from '../../core/driver.ts';
import type { HeapEvent } from '../../core/events.ts';
import type { HeapMetrics } from '../../core/metrics.ts';
import type { StrategyName } from '../../core/strategy.ts';
import type { SessionOp } from '../../worker/protocol.ts';
import type { BlockRef } from '../heap/heap-picture.ts';

/**
 * What the UI shows besides the heap picture: the controls' values, the
 * selection, the metrics and their history, the log, the worker's status.
 * The heap's bytes are not here: the strip and the lists read them from the
 * heap reader.
 */

export type Radix = 'hex' | 'dec';
export type WorkerStatus = 'starting' | 'ready' | 'crashed';

/** One line of the event log. */
export type LogEntry =
  | {
      readonly seq: number;
      readonly kind: 'op';
      readonly op: OpKind;
      readonly id: number;
      readonly size: number;
      /** Payload offset; null when the operation failed. */
      readonly offset: number | null;
      readonly start: number | null;
      readonly span: number;
      readonly ok: boolean;
      readonly events: readonly HeapEvent[];
      /** The reason, when the operation failed. */
      readonly error: string | null;
    }
  | { readonly seq: number; readonly kind: 'note'; readonly text: string };

/** The metrics after one operation, for the chart. */
export interface MetricsPoint {
  readonly step: number;
  readonly utilization: number;
  readonly externalFragmentation: number;
  readonly internalFragmentation: number;
  readonly payload: number;
  readonly footprint: number;
}

export interface UserAlert {
  readonly seq: number;
  readonly text: string;
}

export interface AppData {
  readonly strategy: StrategyName;
  readonly heapSize: number;
  /** The size field's value (may be invalid: the engine says why). */
  readonly allocSize: number;
  readonly selected: BlockRef | null;
  readonly radix: Radix;
  readonly status: WorkerStatus;
  /** Why the worker stopped, when it did. */
  readonly statusReason: string | null;
  /** The last error a user caused, shown as role="alert" until the next action. */
  readonly alert: UserAlert | null;
  readonly metrics: HeapMetrics | null;
  readonly history: readonly MetricsPoint[];
  readonly log: readonly LogEntry[];
  /** The operations done on this heap so far (the heap is rebuilt from them after a restart). */
  readonly ops: readonly SessionOp[];
  /** The id the next allocation gets. */
  readonly nextId: number;
  readonly shortcutsOpen: boolean;
  /** Calls sent and not answered yet. */
  readonly pending: number;
}

export interface AppActions {
  /** Starts the worker and the first heap. */
  start(): Promise<void>;
  alloc(): Promise<void>;
  free(): Promise<void>;
  realloc(): Promise<void>;
  reset(): Promise<void>;
  setStrategy(name: StrategyName): Promise<void>;
  setHeapSize(bytes: number): Promise<void>;
  setAllocSize(bytes: number): void;
  select(ref: BlockRef | null): void;
  /** Moves the selection by `delta` blocks in address order (or to the first / last block). */
  moveSelection(delta: number | 'first' | 'last'): void;
  toggleRadix(): void;
  setShortcutsOpen(open: boolean): void;
  dismissAlert(): void;
  /** The worker died: stop, say so, offer a restart. */
  workerDied(reason: string): void;
  /** A new worker, the heap rebuilt from the operations done so far. */
  restartWorker(): Promise<void>;
  /** Applies operations in one call (a generated heap; later, a loaded trace). */
  replay(ops: readonly SessionOp[]): Promise<void>;
}

export type AppState = AppData & AppActions;

/** The page's defaults: the scenario format's (a 64 KiB heap shows a click's block on the strip). */
export const DEFAULT_HEAP_SIZE = 65_536;
export const DEFAULT_ALLOC_SIZE = 100;
/** Log lines kept (a virtualised log for millions of lines is a later issue). */
export const LOG_LIMIT = 5_000;

export function initialData(): AppData {
  return {
    strategy: 'lululucator',
    heapSize: DEFAULT_HEAP_SIZE,
    allocSize: DEFAULT_ALLOC_SIZE,
    selected: null,
    radix: 'hex',
    status: 'starting',
    statusReason: null,
    alert: null,
    metrics: null,
    history: [],
    log: [],
    ops: [],
    nextId: 0,
    shortcutsOpen: false,
    pending: 0,
  };
}
