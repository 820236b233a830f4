import { EventBuffer, type HeapEvent } from './events.ts';
import type { OpError } from './failure.ts';
import { HeapMemory, REGISTER_COUNT } from './heap-memory.ts';
import { IdState, LiveTable } from './live-table.ts';
import { measure, type HeapMetrics } from './metrics.ts';
import type { Strategy, StrategyName } from './strategy.ts';
import { createStrategy } from './strategies/registry.ts';
import type { HeapSnapshot } from './timeline/heap-snapshot.ts';
import { captureLiveTable, restoreLiveTable } from './timeline/live-table-snapshot.ts';
import { HELPER_MIN_GROUPS, HELPER_SHARE, runHeapRestore, type RestoreHelper } from './timeline/restore-job.ts';
import { decodeSparse, encodeSparse, encodeSparseSince, lastWrittenGroup, type SparseImage } from './timeline/sparse-image.ts';

/** The three operations a program (or a click) asks of an allocator. */
export type OpKind = 'alloc' | 'free' | 'realloc';

export type OpResult =
  | {
      readonly ok: true;
      readonly op: OpKind;
      readonly id: number;
      /** Requested bytes (alloc, realloc); for free, the bytes the block held. */
      readonly size: number;
      /** Payload offset: the new one for alloc and realloc, the freed one for free; null when nothing was done (free of a null pointer). */
      readonly offset: number | null;
      /** Span of the block handed out (alloc, realloc) or given back (free). */
      readonly span: number;
      readonly events: readonly HeapEvent[];
    }
  | {
      readonly ok: false;
      readonly op: OpKind;
      readonly id: number;
      readonly size: number;
      readonly offset: null;
      readonly span: 0;
      readonly error: OpError;
      readonly events: readonly HeapEvent[];
    };

export interface HeapOptions {
  readonly strategy: StrategyName;
  /** Bytes the allocator may ever use (reserved at init, or the break's limit). */
  readonly heapSize: number;
  /** Use SharedArrayBuffer where available (default true). */
  readonly shared?: boolean;
  /** Build the events of every operation (default true; off for benchmarks). */
  readonly events?: boolean;
  /** A thread that runs part of each restore's heap work, where there is one (restore-job.ts). */
  readonly restoreHelper?: RestoreHelper;
}

/** Fast-path results below 0: what went wrong, without building an object. */
export const FAST_OUT_OF_MEMORY = -1;
export const FAST_BAD_SIZE = -2;
export const FAST_NOT_LIVE = -3;
export const FAST_ID_IN_USE = -4;
/** free of a null pointer (an id whose alloc failed): a no-op, not an error. */
export const FAST_NULL = -5;

/**
 * The caller of an allocator: it validates requests, keeps the table of live
 * blocks (each id's payload, span and requested size), counts payload and
 * failures, and turns strategy results into typed values. A failed operation
 * changes nothing. Every operation costs the strategy's own cost plus O(1).
 */
export class HeapDriver {
  readonly memory: HeapMemory;
  readonly live: LiveTable;
  readonly strategy: Strategy;
  private readonly sink: EventBuffer | null;
  ops = 0;
  failed = 0;
  peakPayload = 0;
  /** The error behind the last fast-path failure. */
  lastError: OpError | null = null;
  /**
   * Heap bytes at or above max(this, strategy.touchedEnd()) are 0: what a
   * `reset` left behind (the strategy forgets it, the bytes stay) or what a
   * `restore` copied in.
   */
  private residueEnd = 0;
  /**
   * Where the strategy writes only through the memory's methods: the image
   * of the heap at the last snapshot or restore. The heap is this image
   * except in the groups `memory.written` marks, so the next snapshot reads
   * only those and the next restore clears only those and the image's own.
   * Null for the other strategies.
   */
  private image: SparseImage | null = null;

  constructor(readonly options: HeapOptions) {
    const shared = options.shared ?? true;
    this.memory = HeapMemory.create(options.heapSize, shared);
    this.live = new LiveTable(1024, shared);
    this.strategy = createStrategy(options.strategy, this.memory);
    this.strategy.reset();
    if (this.strategy.writesOnlyThroughMemory === true) {
      this.memory.trackWrites();
      this.image = encodeSparse(this.memory.u32, 0);
    }
    this.sink = options.events === false ? null : new EventBuffer();
    this.strategy.events = this.sink;
  }

  get heapSize(): number {
    return this.memory.size;
  }

  /** Empties the heap: same strategy and size. O(ids). */
  reset(): void {
    this.residueEnd = this.dirtyEnd() ?? 0;
    this.strategy.reset();
    this.live.clear();
    this.ops = 0;
    this.failed = 0;
    this.peakPayload = 0;
    this.lastError = null;
    this.sink?.take();
  }

  alloc(id: number, size: number): OpResult {
    const at = this.allocFast(id, size);
    return this.result('alloc', id, size, at, at >= 0 ? this.live.span[id] : 0);
  }

  free(id: number): OpResult {
    const span = this.live.isLive(id) ? this.live.span[id] : 0;
    const size = this.live.isLive(id) ? this.live.requested[id] : 0;
    const at = this.freeFast(id);
    return this.result('free', id, size, at, span);
  }

  realloc(id: number, size: number): OpResult {
    const at = this.reallocFast(id, size);
    return this.result('realloc', id, size, at, at >= 0 ? this.live.span[id] : 0);
  }

  /** alloc without building a result: the payload offset, or a FAST_* code. */
  allocFast(id: number, size: number): number {
    this.ops++;
    if (this.live.isLive(id)) {
      this.lastError = { code: 'id-in-use', id };
      return this.fail(FAST_ID_IN_USE);
    }
    if (!this.validSize(size)) {
      // The program got NULL back, as from any failed malloc.
      this.live.setNull(id);
      return this.fail(FAST_BAD_SIZE);
    }
    const payload = this.strategy.alloc(size);
    if (payload < 0) {
      this.live.setNull(id);
      this.lastError = this.strategy.lastFailure;
      return this.fail(FAST_OUT_OF_MEMORY);
    }
    this.live.setLive(id, payload, this.strategy.lastSpan, size);
    if (this.live.payloadBytes > this.peakPayload) this.peakPayload = this.live.payloadBytes;
    return payload;
  }

  /** free without building a result: the freed payload offset, FAST_NULL, or FAST_NOT_LIVE. */
  freeFast(id: number): number {
    this.ops++;
    const live = this.live;
    if (!live.isLive(id)) {
      const state = live.stateOf(id);
      if (state === IdState.Null) return FAST_NULL;
      this.lastError = { code: 'not-live', id, why: state === IdState.Freed ? 'already-freed' : 'never-allocated' };
      return this.fail(FAST_NOT_LIVE);
    }
    const payload = live.payload[id];
    this.strategy.free(payload, live.span[id], live.requested[id]);
    live.release(id);
    return payload;
  }

  /**
   * realloc without building a result. A null id (its alloc failed) is
   * realloc(NULL, n), an alloc. The new payload offset, or a FAST_* code.
   */
  reallocFast(id: number, size: number): number {
    const live = this.live;
    if (live.stateOf(id) === IdState.Null) {
      this.ops++;
      if (!this.validSize(size)) return this.fail(FAST_BAD_SIZE);
      const payload = this.strategy.alloc(size);
      if (payload < 0) {
        this.lastError = this.strategy.lastFailure;
        return this.fail(FAST_OUT_OF_MEMORY);
      }
      live.setLive(id, payload, this.strategy.lastSpan, size);
      if (live.payloadBytes > this.peakPayload) this.peakPayload = live.payloadBytes;
      return payload;
    }
    this.ops++;
    if (!live.isLive(id)) {
      this.lastError = { code: 'not-live', id, why: live.stateOf(id) === IdState.Freed ? 'already-freed' : 'never-allocated' };
      return this.fail(FAST_NOT_LIVE);
    }
    if (!this.validSize(size)) return this.fail(FAST_BAD_SIZE);
    const payload = this.strategy.realloc(live.payload[id], live.span[id], live.requested[id], size);
    if (payload < 0) {
      this.lastError = this.strategy.lastFailure;
      return this.fail(FAST_OUT_OF_MEMORY);
    }
    live.release(id);
    live.setLive(id, payload, this.strategy.lastSpan, size);
    if (live.payloadBytes > this.peakPayload) this.peakPayload = live.payloadBytes;
    return payload;
  }

  /**
   * Everything a later {@link restore} needs to put this heap back byte for
   * byte: the heap below the strategy's `touchedEnd` (the whole heap for a
   * strategy without it) and the registers, as sparse images (non-zero
   * 32-bit cells only), the live table (compact: live-table-snapshot.ts),
   * the counters. O(touched bytes + idLimit); with the last image, O(its
   * mask + non-zero cells + written groups + idLimit).
   */
  snapshot(): HeapSnapshot {
    const cells = (this.dirtyEnd() ?? this.memory.size) >>> 2;
    const written = this.memory.written;
    const heap = this.image !== null && written !== null ? encodeSparseSince(this.image, this.memory.u32, cells, written) : encodeSparse(this.memory.u32, cells);
    if (this.image !== null) {
      this.image = heap;
      this.memory.forgetWrites();
    }
    return {
      strategy: this.strategy.name,
      heapSize: this.memory.size,
      heap,
      regs: encodeSparse(this.registerCells(), REGISTER_COUNT),
      live: captureLiveTable(this.live),
      ops: this.ops,
      failed: this.failed,
      peakPayload: this.peakPayload,
      lastError: this.lastError,
      cache: this.strategy.captureCache?.() ?? null,
    };
  }

  /**
   * Puts back the state `s` was taken from: afterwards the heap bytes, the
   * registers, the live ids and the counters are exactly what they were.
   * The events of an unfinished operation are dropped. Throws on a snapshot
   * of another strategy or heap size (a caller's mistake). O(bytes touched
   * now + snapshot size + idLimit); the whole heap for a strategy without
   * `touchedEnd`.
   */
  restore(s: HeapSnapshot): void {
    if (s.strategy !== this.strategy.name || s.heapSize !== this.memory.size) {
      throw new RangeError(`a snapshot of ${s.strategy} over ${s.heapSize} bytes cannot restore ${this.strategy.name} over ${this.memory.size} bytes`);
    }
    const written = this.memory.written;
    const base = this.image;
    let handed = false;
    if (base !== null && written !== null) {
      // The helper takes the upper groups while this thread does the lower ones, then the rest of the state.
      const job = { base, written, target: s.heap, into: this.memory.u32 };
      const groups = Math.max(base.mask.length, s.heap.mask.length, lastWrittenGroup(written) + 1);
      const split = Math.floor(groups * (1 - HELPER_SHARE));
      const helper = this.options.restoreHelper;
      handed = helper !== undefined && groups >= HELPER_MIN_GROUPS && helper.begin({ ...job, fromGroup: split, toGroup: groups });
      runHeapRestore({ ...job, fromGroup: 0, toGroup: handed ? split : groups });
    } else {
      this.memory.zero(0, this.dirtyEnd() ?? this.memory.size);
      decodeSparse(s.heap, this.memory.u32);
    }
    this.residueEnd = ((s.heap.cells + 1) & ~1) * 4;
    this.memory.regs.fill(0);
    decodeSparse(s.regs, this.registerCells());
    restoreLiveTable(this.live, s.live);
    this.ops = s.ops;
    this.failed = s.failed;
    this.peakPayload = s.peakPayload;
    this.lastError = s.lastError;
    this.strategy.invalidateCaches?.();
    if (s.cache) this.strategy.restoreCache?.(s.cache);
    if (handed) this.options.restoreHelper!.end();
    if (base !== null) {
      this.image = s.heap;
      this.memory.forgetWrites();
    }
    this.sink?.take();
  }

  /** A bound on the heap bytes that may be non-zero (all at or above it are 0), or null when the strategy has no `touchedEnd`. O(1). */
  private dirtyEnd(): number | null {
    const touched = this.strategy.touchedEnd?.();
    if (touched === undefined) return null;
    const end = Math.max(touched, this.residueEnd);
    return end >= this.memory.size ? this.memory.size : (end + 7) & ~7;
  }

  private registerCells(): Uint32Array {
    const regs = this.memory.regs;
    return new Uint32Array(regs.buffer, regs.byteOffset, regs.length);
  }

  /** The measures of ALLOCATOR.md right now. O(free blocks) for the largest hole. */
  metrics(): HeapMetrics {
    return measure(this);
  }

  /** Runs the strategy's checker; the first broken rule, or null. */
  check(): string | null {
    return this.strategy.check(this.live);
  }

  /** The events of the last operation (empty when events are off). */
  takeEvents(): HeapEvent[] {
    return this.sink ? this.sink.take() : [];
  }

  private validSize(size: number): boolean {
    if (Number.isInteger(size) && size >= 1 && size <= this.memory.size) return true;
    const why = !Number.isFinite(size) || !Number.isInteger(size) ? 'not-integer' : size === 0 ? 'zero' : size < 0 ? 'negative' : 'larger-than-heap';
    this.lastError = { code: 'bad-size', size, why };
    return false;
  }

  private fail(code: number): number {
    this.failed++;
    if (this.sink && code !== FAST_OUT_OF_MEMORY) this.sink.take();
    return code;
  }

  private result(op: OpKind, id: number, size: number, at: number, span: number): OpResult {
    const events = this.takeEvents();
    if (at >= 0) return { ok: true, op, id, size, offset: at, span, events };
    if (at === FAST_NULL) return { ok: true, op, id, size, offset: null, span: 0, events };
    return { ok: false, op, id, size, offset: null, span: 0, error: this.lastError!, events };
  }
}
