import { FAST_BAD_SIZE, FAST_ID_IN_USE, FAST_NOT_LIVE, FAST_OUT_OF_MEMORY, HeapDriver, type OpResult } from '../core/driver.ts';
import type { ByteBuffer } from '../core/heap-memory.ts';
import type { LiveTableBuffers } from '../core/live-table.ts';
import type { Command, CommandMessage, MemoryView, OpReply, Reply, SessionOp, StateReply, Transfer, WorkerMessage } from './protocol.ts';
import { snapshotTransfers, VERSION_WORD } from './protocol.ts';

/** Posts a message to the page (the worker's `postMessage`, or a test's fake). */
export type PostToPage = (message: WorkerMessage, transfer: Transfer[]) => void;

/**
 * The worker's side of the page: one heap (a HeapDriver) that commands
 * change. It runs anywhere (a Web Worker, Node's worker_threads, a test):
 * all it needs is a function that posts to the page.
 *
 * Invariants: the version word is even between operations and odd while one
 * runs (a seqlock: a reader that sees it odd, or changed across its read, reads
 * again); it only grows. The page has been sent the heap's current buffers
 * (shared mode) or a copy of every byte that may differ from its own copy
 * (snapshot mode) before any reply that follows a change.
 */
export class HeapSession {
  private driver: HeapDriver | null = null;
  private readonly sync: Int32Array;
  /** The live table's buffer the page was last given (it is replaced when the table grows). */
  private sentLive: ByteBuffer | null = null;
  /** Counts inits. */
  private epoch = 0;

  constructor(
    private readonly post: PostToPage,
    /** Share the heap's buffers with the page (the page is cross-origin isolated). */
    readonly shared: boolean,
  ) {
    this.sync = new Int32Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
  }

  get version(): number {
    return Atomics.load(this.sync, VERSION_WORD);
  }

  /** Runs one call and answers it: a reply, or `failed` when the engine threw. Cost: the command's. */
  receive(message: CommandMessage): void {
    const { call, command } = message;
    let reply: Reply;
    try {
      reply = this.run(command);
    } catch (e) {
      this.post({ type: 'failed', call, message: e instanceof Error ? e.message : String(e) }, []);
      return;
    }
    this.post({ type: 'reply', call, reply }, []);
  }

  /** Runs a command (debug-crash aside, which the worker's entry handles). */
  run(command: Command): Reply {
    switch (command.kind) {
      case 'init':
        return this.change(() => {
          this.driver = new HeapDriver({ strategy: command.strategy, heapSize: command.heapSize, shared: this.shared, events: true });
          this.sentLive = null;
          this.epoch++;
          return { applied: 0, failed: 0 };
        });
      case 'reset':
        return this.change(() => {
          this.heap().reset();
          return { applied: 0, failed: 0 };
        });
      case 'replay':
        return this.change(() => this.replay(command.ops));
      case 'alloc':
      case 'free':
      case 'realloc':
        return this.operate(command);
      case 'debug-crash':
        throw new Error('debug-crash is handled by the worker entry');
    }
  }

  private heap(): HeapDriver {
    if (!this.driver) throw new Error('no heap yet: send init first');
    return this.driver;
  }

  private operate(command: Extract<Command, { kind: 'alloc' | 'free' | 'realloc' }>): OpReply {
    const driver = this.heap();
    this.beginWrite();
    let result: OpResult;
    try {
      if (command.kind === 'alloc') result = driver.alloc(command.id, command.size);
      else if (command.kind === 'free') result = driver.free(command.id);
      else result = driver.realloc(command.id, command.size);
    } finally {
      this.endWrite();
    }
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
      metrics: driver.metrics(),
      version: this.version,
    };
  }

  /** Applies operations on the fast path, events off. O(sum of the operations' costs). */
  private replay(ops: readonly SessionOp[]): { applied: number; failed: number } {
    const driver = this.heap();
    const sink = driver.strategy.events;
    driver.strategy.events = null;
    let failed = 0;
    try {
      for (const { op, id, size } of ops) {
        const at = op === 'alloc' ? driver.allocFast(id, size) : op === 'free' ? driver.freeFast(id) : driver.reallocFast(id, size);
        if (at === FAST_OUT_OF_MEMORY || at === FAST_BAD_SIZE || at === FAST_NOT_LIVE || at === FAST_ID_IN_USE) failed++;
      }
    } finally {
      driver.strategy.events = sink;
      driver.takeEvents();
    }
    return { applied: ops.length, failed };
  }

  private change(apply: () => { applied: number; failed: number }): StateReply {
    this.beginWrite();
    let counts: { applied: number; failed: number };
    try {
      counts = apply();
    } finally {
      this.endWrite();
    }
    return { ...counts, metrics: this.heap().metrics(), version: this.version };
  }

  private beginWrite(): void {
    Atomics.add(this.sync, VERSION_WORD, 1);
  }

  /** Ends a write: the page gets what it needs to see it, then the version turns even. */
  private endWrite(): void {
    const driver = this.driver;
    if (driver) {
      if (this.shared) {
        if (driver.live.buffers.state !== this.sentLive) this.publish(this.sharedView(driver));
      } else {
        const view = this.snapshotView(driver, this.version + 1);
        this.post({ type: 'memory', view }, snapshotTransfers(view));
      }
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
