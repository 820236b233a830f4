import type { OpKind } from '../../core/driver.ts';
import type { HeapEvent } from '../../core/events.ts';
import type { HeapMetrics } from '../../core/metrics.ts';
import type { StrategyName } from '../../core/strategy.ts';
import type { ProcessInfo, TraceFormat } from '../../core/trace/trace.ts';
import type { LoadProgress, LoadReply, OpReply, SessionOp } from '../../worker/protocol.ts';
import type { BlockRef } from '../heap/heap-picture.ts';

/**
 * What the UI shows besides the heap picture: the controls' values, the
 * selection, the metrics, the timeline's position, the session's notes, the
 * worker's status. The heap's bytes are not here: the strip and the lists
 * read them from the heap reader; nor are the timeline's operations and
 * measures (a million rows): the log and the chart read them from the
 * connection's mirror, and `timelineRevision` says when it changed.
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

/**
 * A line of the log that is not an operation of the timeline: a note, or a
 * click that failed (it changed nothing, so it is not history). It shows
 * after the first `anchor` operations' rows.
 */
export interface SessionLine {
  readonly anchor: number;
  readonly entry: LogEntry;
}

/** Playback speeds, operations a second; Infinity: as fast as the page draws. */
export const SPEEDS = [1, 10, 100, 1_000, 10_000, 100_000, Infinity] as const;

/** The trace the timeline came from. */
export interface LoadedTrace {
  readonly name: string;
  readonly format: TraceFormat;
  readonly processes: readonly ProcessInfo[];
  readonly pid: number | null;
  /** The shipped sample's file name, when it is one. */
  readonly sample: string | null;
  /** Whether clicks have replaced part of it. */
  readonly edited: boolean;
  /** What a scenario file restored besides its operations (null for other traces). */
  readonly scenario: Extract<LoadReply, { ok: true }>['scenario'];
}

export interface LoadingState {
  readonly name: string;
  readonly progress: LoadProgress | null;
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
  /** Notes and failed clicks, in order, each after its anchor operation. */
  readonly log: readonly SessionLine[];
  /** The timeline: the heap after `step` of its `length` operations. */
  readonly step: number;
  readonly length: number;
  /** Grows when the timeline's operations change (the mirror was updated). */
  readonly timelineRevision: number;
  /** The operation that led to the current step, with its events (null at step 0 or before any). */
  readonly currentOp: OpReply | null;
  /** A click that just failed (it changed nothing): the inspector explains it until the next change. */
  readonly failedClick: OpReply | null;
  readonly trace: LoadedTrace | null;
  readonly loading: LoadingState | null;
  readonly playing: boolean;
  /** Operations a second (one of SPEEDS). */
  readonly speed: number;
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
  /** Shows `text` as the role="alert" message (a bad share link). */
  showAlert(text: string): void;
  /** The worker died: stop, say so, offer a restart. */
  workerDied(reason: string): void;
  /** A new worker, the heap rebuilt from the operations done so far. */
  restartWorker(): Promise<void>;
  /** Applies operations in one call at the current step (a generated heap). */
  replay(ops: readonly SessionOp[]): Promise<void>;
  /** Reads a trace or scenario file in the worker and makes it the timeline. */
  loadTrace(name: string, read: () => Promise<ArrayBuffer>, options?: { sample?: string; pid?: number; overrideStrategy?: boolean }): Promise<void>;
  /** Loads a shipped sample by file name (public/traces/). */
  loadSample(file: string): Promise<void>;
  /** Stops the load under way; the heap stays as it was. */
  cancelLoad(): Promise<void>;
  /** Replays the loaded trace for another of its processes. */
  choosePid(pid: number): Promise<void>;
  /** Moves to step `step` (clamped to 0..length). */
  seek(step: number): Promise<void>;
  stepBy(delta: number): Promise<void>;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  /** The worker's timeline changed: the mirror holds the new operations. */
  timelineChanged(): void;
  /** A load under way reports its progress. */
  loadProgressed(progress: LoadProgress): void;
}

export type AppState = AppData & AppActions;

/** The page's defaults: the scenario format's (a 64 KiB heap shows a click's block on the strip). */
export const DEFAULT_HEAP_SIZE = 65_536;
export const DEFAULT_ALLOC_SIZE = 100;
/** Session lines kept (notes and failed clicks; the operations' rows come from the timeline). */
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
    log: [],
    step: 0,
    length: 0,
    timelineRevision: 0,
    currentOp: null,
    failedClick: null,
    trace: null,
    loading: null,
    playing: false,
    speed: 100,
    shortcutsOpen: false,
    pending: 0,
  };
}
