import type { OpResult } from '../core/driver.ts';
import { FAST_NULL, type HeapDriver } from '../core/driver.ts';
import type { ByteBuffer } from '../core/heap-memory.ts';
import { MAX_HEAP_BYTES } from '../core/heap-memory.ts';
import { DENSE_CELLS, type LiveTableBuffers } from '../core/live-table.ts';
import type { StrategyName } from '../core/strategy.ts';
import { isScenarioTrace } from '../core/scenario/scenario-parser.ts';
import { deltaBuffers, timelineDelta } from '../core/timeline/timeline-delta.ts';
import type { RestoreHelper } from '../core/timeline/restore-job.ts';
import { Timeline } from '../core/timeline/timeline.ts';
import { OpCode, OpList } from '../core/trace/op-list.ts';
import { sortedOrder } from '../core/block-layout.ts';
import { TraceReader } from '../core/trace/read-trace.ts';
import { formatWarning, TraceError } from '../core/trace/trace-error.ts';
import type { Command, CommandMessage, LoadProgress, LoadReply, MemoryView, OpReply, Reply, SessionOp, StateReply, Transfer, WorkerMessage } from './protocol.ts';
import { LENGTH_WORD, snapshotTransfers, STEP_WORD, SYNC_WORDS, VERSION_WORD, WIDE_COUNT_WORD, WIDE_FIRST_WORD, WIDE_FROM_WORD, WIDE_MOST } from './protocol.ts';

/** Posts a message to the page (the worker's `postMessage`, or a test's fake). */
export type PostToPage = (message: WorkerMessage, transfer: Transfer[]) => void;

/** Bytes of a trace file read between two yields of a load. */
const READ_CHUNK = 1 << 20;
/** Operations replayed between two yields of a load. */
const BUILD_CHUNK = 1 << 16;

const CODES = { alloc: OpCode.Alloc, free: OpCode.Free, realloc: OpCode.Realloc } as const;

/**
 * The worker's side of the page: one heap, as a Timeline (step k is the
 * heap after the first k operations), that commands change. It runs
 * anywhere (a Web Worker, Node's worker_threads, a test): all it needs is a
 * function that posts to the page.
 *
 * Invariants: the version word is even between changes and odd while one
 * runs (a seqlock: a reader that sees it odd, or changed across its read, reads
 * again); it only grows. The page has been sent the heap's current buffers
 * (shared mode) or a copy of every byte that may differ from its own copy
 * (snapshot mode), and a timeline delta for every change of the operations,
 * before any reply that follows a change. A load builds its timeline apart
 * and swaps it in only when it is complete.
 */
export class HeapSession {
  private timeline: Timeline | null = null;
  private readonly sync: Int32Array;
  /** The live table's buffer the page was last given (it is replaced when the table grows). */
  private sentLive: ByteBuffer | null = null;
  /** Counts new heaps. */
  private epoch = 0;
  /** Set by cancel-load; the load under way sees it at its next yield. */
  private cancelRequested = false;
  private loading = false;

  constructor(
    private readonly post: PostToPage,
    /** Share the heap's buffers with the page (the page is cross-origin isolated). */
    readonly shared: boolean,
    /** A second thread for the heap work of each seek's restore, where there is one. */
    private readonly restoreHelper?: RestoreHelper,
  ) {
    this.sync = new Int32Array(shared ? new SharedArrayBuffer(SYNC_WORDS * 4) : new ArrayBuffer(SYNC_WORDS * 4));
  }

  get version(): number {
    return Atomics.load(this.sync, VERSION_WORD);
  }

  /** The current timeline (tests read it). */
  get current(): Timeline | null {
    return this.timeline;
  }

  /**
   * Runs one call and answers it: a reply, or `failed` when the engine threw.
   * A load answers later (it yields between chunks); everything else at once.
   */
  receive(message: CommandMessage): void {
    const { call, command } = message;
    if (command.kind === 'load') {
      this.load(call, command).then(
        (reply) => this.post({ type: 'reply', call, reply }, []),
        (e: unknown) => this.post({ type: 'failed', call, message: e instanceof Error ? e.message : String(e) }, []),
      );
      return;
    }
    let reply: Reply;
    try {
      reply = this.run(command);
    } catch (e) {
      this.post({ type: 'failed', call, message: e instanceof Error ? e.message : String(e) }, []);
      return;
    }
    this.post({ type: 'reply', call, reply }, []);
  }

  /** Runs a command other than load (and debug-crash, which the worker's entry handles). */
  run(command: Exclude<Command, { kind: 'load' }>): Reply {
    switch (command.kind) {
      case 'init':
        return this.change(() => {
          this.adopt(this.emptyTimeline(command.strategy, command.heapSize));
          return { applied: 0, failed: 0, from: 0 };
        });
      case 'reset':
        return this.change(() => {
          const { driver } = this.heap();
          this.adopt(this.emptyTimeline(driver.strategy.name, driver.heapSize));
          return { applied: 0, failed: 0, from: 0 };
        });
      case 'replay':
        return this.change(() => this.replay(command.ops));
      case 'seek':
        return this.seek(command.step, command.wideFrom ?? 0);
      case 'alloc':
      case 'free':
      case 'realloc':
        return this.operate(command);
      case 'cancel-load':
        if (this.loading) this.cancelRequested = true;
        return this.state(null, 0, 0);
      case 'debug-crash':
        throw new Error('debug-crash is handled by the worker entry');
    }
  }

  private heap(): Timeline {
    if (!this.timeline) throw new Error('no heap yet: send init first');
    return this.timeline;
  }

  private emptyTimeline(strategy: StrategyName, heapSize: number): Timeline {
    const timeline = new Timeline({ strategy, heapSize, ops: new OpList(16), shared: this.shared, restoreHelper: this.restoreHelper });
    timeline.build();
    return timeline;
  }

  /** Makes `timeline` the heap the page sees (a new heap: new buffers, a new epoch). */
  private adopt(timeline: Timeline): void {
    this.timeline = timeline;
    this.sentLive = null;
    this.epoch++;
  }

  private operate(command: Extract<Command, { kind: 'alloc' | 'free' | 'realloc' }>): OpReply {
    const timeline = this.heap();
    const from = timeline.step;
    this.beginWrite();
    let result: OpResult | null = null;
    try {
      const id = command.kind === 'alloc' ? (command.id ?? timeline.freshId()) : command.id;
      result = timeline.applyClick(CODES[command.kind], id, command.kind === 'free' ? 0 : command.size);
    } finally {
      // A failed click changed nothing: no timeline delta.
      this.endWrite(result?.ok ? from : null);
    }
    return this.opReply(result, timeline.driver);
  }

  private opReply(result: OpResult, driver: HeapDriver, metrics = driver.metrics()): OpReply {
    const header = driver.strategy.headerBytes;
    return {
      ok: result.ok,
      op: result.op,
      id: result.id,
      size: result.size,
      offset: result.offset,
      start: result.offset === null ? null : result.offset - header,
      span: result.span,
      events: result.events,
      error: result.ok ? null : result.error,
      metrics,
      version: this.version,
    };
  }

  /**
   * Moves to `step`; the operation that led there (step - 1) is applied with
   * its events, for the log and the inspector. O(a seek).
   */
  private seek(step: number, wideFrom: number): StateReply {
    const timeline = this.heap();
    if (!Number.isInteger(step) || step < 0 || step > timeline.length) throw new RangeError(`step ${step} is outside 0..${timeline.length}`);
    let op: OpResult | null = null;
    const began = performance.now();
    this.beginWrite();
    try {
      if (step === 0) timeline.seek(0);
      else {
        timeline.seek(step - 1);
        op = timeline.stepForward();
      }
      if (wideFrom > 0) this.listWideFreeBlocks(wideFrom);
    } finally {
      this.endWrite(null);
    }
    // One measure for both: the measures walk the free lists where the strategy cannot say otherwise.
    const metrics = timeline.driver.metrics();
    const state = this.state(op === null ? null : this.opReply(op, timeline.driver, metrics), 0, 0, metrics);
    return { ...state, workMs: performance.now() - began };
  }

  /** Applies operations at the current step on the fast path (the future is dropped first). */
  private replay(ops: readonly SessionOp[]): { applied: number; failed: number; from: number } {
    const timeline = this.heap();
    const from = timeline.step;
    timeline.truncateAt(from);
    for (const { op, id, size } of ops) timeline.ops.push(CODES[op], id, op === 'free' ? 0 : size, 0);
    timeline.build();
    return { applied: ops.length, failed: failedAfter(timeline, from), from };
  }

  private change(apply: () => { applied: number; failed: number; from: number }): StateReply {
    this.beginWrite();
    let counts: { applied: number; failed: number; from: number } | null = null;
    try {
      counts = apply();
    } finally {
      this.endWrite(counts?.from ?? null);
    }
    return this.state(null, counts.applied, counts.failed);
  }

  private state(op: OpReply | null, applied: number, failed: number, metrics = this.heap().driver.metrics()): StateReply {
    const timeline = this.heap();
    return { applied, failed, op, metrics, version: this.version, step: timeline.step, length: timeline.length, workMs: 0 };
  }

  /**
   * Reads and replays a trace in chunks, yielding between them; swaps the
   * new timeline in at the end. Bad input answers `FILE:LINE: reason` and
   * leaves the current heap as it was. O(file bytes + the replay's cost).
   */
  private async load(call: number, command: Extract<Command, { kind: 'load' }>): Promise<LoadReply> {
    if (this.loading) return { ok: false, cancelled: false, error: `${command.name}: another trace is still loading` };
    this.loading = true;
    this.cancelRequested = false;
    try {
      const progress = (p: LoadProgress) => this.post({ type: 'progress', call, progress: p }, []);
      const reader = new TraceReader(command.name, command.pid === undefined ? {} : { pid: command.pid });
      const bytes = new Uint8Array(command.data);
      let trace;
      try {
        for (let at = 0; at < bytes.length; at += READ_CHUNK) {
          reader.push(bytes.subarray(at, at + READ_CHUNK));
          progress({ phase: 'read', done: Math.min(bytes.length, at + READ_CHUNK), total: bytes.length });
          if (await this.yieldAndCheck()) return { ok: false, cancelled: true };
        }
        trace = reader.end();
      } catch (e) {
        if (e instanceof TraceError) return { ok: false, cancelled: false, error: e.message };
        throw e;
      }
      const saved = isScenarioTrace(trace) ? trace.scenario : null;
      const strategy = command.overrideStrategy ? command.strategy : (saved?.strategy ?? command.strategy);
      const heapSize = saved?.heapSize ?? Math.min(MAX_HEAP_BYTES, Math.max(command.heapSize, roundUp8(trace.suggestedHeap ?? 0)));
      const timeline = new Timeline({ strategy, heapSize, ops: trace.ops, shared: this.shared, restoreHelper: this.restoreHelper });
      const total = trace.ops.length;
      while (!timeline.build({ chunk: BUILD_CHUNK, onProgress: (done) => (progress({ phase: 'build', done, total }), false) })) {
        if (await this.yieldAndCheck()) return { ok: false, cancelled: true };
      }
      const step = saved ? Math.min(saved.step, total) : 0;
      this.beginWrite();
      try {
        this.adopt(timeline);
        timeline.seek(step);
      } finally {
        this.endWrite(0);
      }
      const failed = failedAfter(timeline, 0);
      return {
        ok: true,
        format: trace.format,
        strategy,
        heapSize,
        processes: trace.processes,
        pid: trace.pid,
        warnings: trace.warnings.map((w) => formatWarning(trace.file, w)),
        failed,
        state: this.state(null, total, failed),
        scenario: saved ? { step, selected: saved.selected, view: saved.view, source: saved.source } : null,
      };
    } finally {
      this.loading = false;
      this.cancelRequested = false;
    }
  }

  /** Lets queued messages (cancel-load) run; true when the load was cancelled. */
  private async yieldAndCheck(): Promise<boolean> {
    await yieldToMessages();
    return this.cancelRequested;
  }

  private beginWrite(): void {
    Atomics.add(this.sync, VERSION_WORD, 1);
    this.sync[WIDE_COUNT_WORD] = -1;
  }

  /**
   * Lists the free blocks of at least `from` bytes in the sync buffer, sorted
   * by start, where the strategy can and they are at most WIDE_MOST. Inside a
   * write. O(k log n) for k blocks.
   */
  private listWideFreeBlocks(from: number): void {
    const strategy = this.heap().driver.strategy;
    if (!strategy.freeBlocksAtLeast) return;
    const pairs = this.sync.subarray(WIDE_FIRST_WORD);
    const count = strategy.freeBlocksAtLeast(from, pairs, WIDE_MOST);
    if (count < 0) return;
    sortPairsByFirst(pairs, count);
    this.sync[WIDE_FROM_WORD] = from;
    this.sync[WIDE_COUNT_WORD] = count;
  }

  /**
   * Ends a write: the page gets what it needs to see it (the heap's buffers
   * or a copy, and the timeline from step `changedFrom` when the operations
   * changed), then the version turns even.
   */
  private endWrite(changedFrom: number | null): void {
    const timeline = this.timeline;
    if (timeline) {
      const driver = timeline.driver;
      if (this.shared) {
        if (driver.live.buffers.state !== this.sentLive) this.publish(this.sharedView(driver));
      } else {
        const view = this.snapshotView(driver, this.version + 1);
        this.post({ type: 'memory', view }, snapshotTransfers(view));
      }
      if (changedFrom !== null) {
        const delta = timelineDelta(timeline, Math.min(changedFrom, timeline.length));
        this.post({ type: 'timeline', delta }, deltaBuffers(delta));
      }
    }
    if (timeline) {
      this.sync[STEP_WORD] = timeline.step;
      this.sync[LENGTH_WORD] = timeline.length;
    }
    Atomics.add(this.sync, VERSION_WORD, 1);
    if (this.shared) Atomics.notify(this.sync, VERSION_WORD);
  }

  private publish(view: MemoryView): void {
    if (view.mode === 'shared') this.sentLive = view.live.state;
    this.post({ type: 'memory', view }, []);
  }

  private sharedView(driver: HeapDriver): MemoryView {
    return {
      mode: 'shared',
      epoch: this.epoch,
      strategy: driver.strategy.name,
      heapSize: driver.heapSize,
      heap: driver.memory.buffers,
      live: driver.live.buffers,
      sync: this.sync.buffer as SharedArrayBuffer,
    };
  }

  /**
   * A copy of every heap byte written since the last reset (the strategy's
   * touched end bounds them; the whole heap for a strategy without one), the
   * registers and the used part of the live table. O(copied bytes).
   */
  private snapshotView(driver: HeapDriver, version: number): MemoryView {
    const memory = driver.memory;
    const touched = driver.strategy.touchedEnd?.() ?? memory.size;
    const live = driver.live;
    const ids = live.idLimit;
    const copy = (view: ArrayBufferView, bytes: number): ArrayBuffer => {
      const out = new ArrayBuffer(bytes);
      new Uint8Array(out).set(new Uint8Array(view.buffer, view.byteOffset, bytes));
      return out;
    };
    const liveCopy: LiveTableBuffers = {
      meta: copy(new Uint8Array(live.buffers.meta), 32),
      state: copy(live.state, ids),
      payload: copy(live.payload, ids * 4),
      span: copy(live.span, ids * 4),
      requested: copy(live.requested, ids * 8),
      dense: copy(live.dense, live.liveCount * DENSE_CELLS * 4),
      slot: copy(live.slot, ids * 4),
    };
    return {
      mode: 'snapshot',
      epoch: this.epoch,
      strategy: driver.strategy.name,
      heapSize: memory.size,
      version,
      heap: copy(memory.bytes, Math.min(memory.size, Math.max(0, touched))),
      registers: copy(new Uint8Array(memory.buffers.registers), memory.buffers.registers.byteLength),
      live: liveCopy,
    };
  }
}

/** Operations after step `from` that failed (a FAST_* code other than FAST_NULL). O(length - from). */
function failedAfter(timeline: Timeline, from: number): number {
  const result = timeline.series.result;
  let failed = 0;
  for (let k = from + 1; k <= timeline.length; k++) if (result[k] < 0 && result[k] !== FAST_NULL) failed++;
  return failed;
}

function roundUp8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Resolves after the messages already queued for this thread have run (a macrotask, without setTimeout's clamping). */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Sorts the first `count` (first, second) pairs of `pairs` by first, with the layout's own address sort. O(count). */
function sortPairsByFirst(pairs: Int32Array, count: number): void {
  const keys = new Float64Array(count);
  for (let j = 0; j < count; j++) keys[j] = pairs[2 * j];
  const order = sortedOrder(keys, count);
  const copy = pairs.slice(0, 2 * count);
  for (let j = 0; j < count; j++) {
    pairs[2 * j] = copy[2 * order[j]];
    pairs[2 * j + 1] = copy[2 * order[j] + 1];
  }
}
