import { HeapMemory, REGISTER_COUNT } from '../../core/heap-memory.ts';
import { LiveTable } from '../../core/live-table.ts';
import type { Strategy } from '../../core/strategy.ts';
import { createStrategy } from '../../core/strategies/registry.ts';
import { LENGTH_WORD, STEP_WORD, SYNC_WORDS, VERSION_WORD, WIDE_COUNT_WORD, WIDE_FIRST_WORD, WIDE_FROM_WORD, type MemoryView } from '../../worker/protocol.ts';
import type { WideFreeBlocks } from '../../core/gap-layout.ts';
import { afterNextPaint } from '../after-paint.ts';
import type { FramePlan } from '../strip/frame-columns.ts';
import { readFramePicture, readPicture, type HeapPicture } from './heap-picture.ts';

/**
 * The page's reader of the worker's heap. In shared mode it holds views over
 * the worker's own SharedArrayBuffers and wakes when the worker bumps the
 * version word (Atomics.waitAsync); in snapshot mode it keeps its own copy of
 * the heap, which each snapshot message updates. Either way the strategy is
 * constructed over the memory as it is (never reset) and the picture is read
 * from the bytes.
 *
 * Two pictures: `latest()`, for the strip, is read as soon as the worker
 * notifies, with the blocks too narrow for the strip to draw one by one
 * read as bytes a pixel column for the strip's view ({@link framePlan}), or
 * else with the gaps of such blocks read as one block each
 * ({@link mergeGapsBelow}): a fraction of the time after a million
 * operations; `current()`, for everything else, is whole, read
 * after the frame that shows `latest()` (or at once when asked for with
 * {@link wholeNow}), if the heap is still at that version.
 *
 * Invariants: both are pictures of an even version, read while the version
 * did not change (a seqlock read), or null before the first one;
 * `current()` is whole and never newer than `latest()`; they change only in
 * `refresh` and the whole read, after which listeners are called.
 */
/** Where the timeline was when the worker wrote a heap. */
export interface TimelinePosition {
  readonly step: number;
  readonly length: number;
}

export class HeapReader {
  private memory: HeapMemory | null = null;
  private strategy: Strategy | null = null;
  private live: LiveTable | null = null;
  private sync: Int32Array = new Int32Array(2);
  private mode: MemoryView['mode'] | null = null;
  private epoch = -1;
  /** The latest whole picture. */
  private picture: HeapPicture | null = null;
  /** The latest picture, whole or with merged gaps. */
  private latestPicture: HeapPicture | null = null;
  /** The timeline's step and length with the latest picture's heap (shared memory only). */
  private latestPosition: TimelinePosition | null = null;
  /**
   * Gaps narrower than this (bytes) may be read as one block for the strip's
   * first frame of a new heap: the strip says how wide a block it draws on
   * its own. 0: always read whole pictures.
   */
  private mergeGapsBelow: () => number = () => 0;
  /** What the strip draws now, for a first frame read as bytes a pixel column (HeapPicture.columns); null: it cannot use one. */
  private framePlan: () => FramePlan | null = () => null;
  /** Whether the worker is computing a change (the heap is about to move). */
  busy: () => boolean = () => false;
  private readonly listeners = new Set<() => void>();
  private readonly lateListeners = new Set<() => void>();
  private latePending = false;
  /** Bumped on each new shared sync buffer: a stale wait loop stops. */
  private watchToken = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Why the last read failed (a strategy that cannot be built), for the page to show. */
  lastError: string | null = null;

  /** The timeline's step and length with the latest picture's heap, read with it; null in snapshot mode. O(1). */
  position(): TimelinePosition | null {
    return this.latestPosition;
  }

  get isolation(): MemoryView['mode'] | null {
    return this.mode;
  }

  /** Bytes from which the strip draws a free block on its own (0: it draws none from merged gaps): a seek asks the worker to list those. */
  mergeBound(): number {
    return this.mergeGapsBelow();
  }

  /** The wide free blocks the worker listed in the sync buffer, if it did (read them while the version holds). */
  private wideFreeBlocks(): WideFreeBlocks | undefined {
    const sync = this.sync;
    if (sync.length < SYNC_WORDS) return undefined;
    const count = sync[WIDE_COUNT_WORD];
    if (count < 0) return undefined;
    return { from: sync[WIDE_FROM_WORD], count, pairs: sync.subarray(WIDE_FIRST_WORD, WIDE_FIRST_WORD + 2 * count) };
  }

  /** Says how narrow a gap the strip draws as columns (bytes; 0 or none: read whole pictures only). */
  setMergeGapsBelow(bytes: (() => number) | null): void {
    this.mergeGapsBelow = bytes ?? (() => 0);
  }

  /** Says what the strip draws now, for its first frame of a new heap (null or none: no columns picture). */
  setFramePlan(plan: (() => FramePlan | null) | null): void {
    this.framePlan = plan ?? (() => null);
  }

  /** The whole picture of the last version read whole (null before the first). O(1). */
  current(): HeapPicture | null {
    return this.picture;
  }

  /** The picture of the last version read, perhaps with merged gaps (HeapPicture.mergedBelow): the strip's. O(1). */
  latest(): HeapPicture | null {
    return this.latestPicture;
  }

  /**
   * The latest heap as the strip can draw it with `plan`: the latest picture
   * when it was not read as columns or was read for `plan`; else, if the
   * heap is still at its version (the view moved since it was read), read
   * again: as columns for `plan`, from a walk of the free lists, or, for a
   * strategy laid out by gaps, when the worker's wide free blocks were
   * listed for its span (a scroll); with merged gaps when they were listed
   * for a narrower one (zoomed out). Null when it cannot (zoomed in, or the
   * heap moved on): the caller reads the whole picture. O(1), or
   * readFramePicture's or readPicture's cost.
   */
  framePictureFor(plan: FramePlan): HeapPicture | null {
    const latest = this.latestPicture;
    if (!latest?.columns || latest.columns.plan === plan) return latest;
    const { strategy, live, memory } = this;
    const version = latest.version;
    const wide = this.wideFreeBlocks();
    if (!strategy || !live || !memory || latest.epoch !== this.epoch || this.version() !== version) return null;
    // A strategy laid out by gaps needs the worker's wide blocks, listed for this span or a narrower one; any other walks its lists again.
    const byGaps = strategy.readFreeBlocksIn !== undefined;
    if (byGaps && (!wide || wide.from > plan.minSpan)) return null;
    let picture: HeapPicture | null;
    try {
      const epoch = this.epoch;
      const current = () => this.memory === memory && this.epoch === epoch && this.version() === version;
      picture =
        !byGaps || wide!.from === plan.minSpan
          ? readFramePicture(strategy, live, memory, version, epoch, current, plan, wide)
          : readPicture(strategy, live, memory, version, epoch, current, { mergeGapsBelow: plan.minSpan, wide, free: latest.free });
    } catch {
      return null;
    }
    if (!picture || this.version() !== version) return null;
    this.latestPicture = picture;
    if (picture.mergedBelow === 0) this.picture = picture;
    return picture;
  }

  /**
   * The whole picture of the latest version: read now if only a merged one
   * was read so far and the heap is still at its version; else the last
   * whole one. O(1), or readPicture's cost.
   */
  wholeNow(): HeapPicture | null {
    const latest = this.latestPicture;
    if (latest && latest !== this.picture && latest.mergedBelow > 0) this.readWhole(latest);
    return this.picture;
  }

  /** The heap's version word now. O(1). */
  version(): number {
    return Atomics.load(this.sync, VERSION_WORD);
  }

  /** Calls `listener` at once after each new picture (the strip); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` after the frame that follows a new picture is painted
   * (the lists, the inspector: DOM work that must not delay the strip's
   * frame). Several pictures in one frame make one call. Returns the unsubscribe.
   */
  subscribeAfterPaint(listener: () => void): () => void {
    this.lateListeners.add(listener);
    return () => this.lateListeners.delete(listener);
  }

  /** Takes new buffers (shared) or applies a snapshot. O(copied bytes) for a snapshot. */
  attach(view: MemoryView): void {
    this.lastError = null;
    if (view.mode === 'shared') {
      const newSync = this.mode !== 'shared' || this.sync.buffer !== view.sync;
      this.memory = new HeapMemory(view.heap);
      this.live = new LiveTable(0, true, view.live);
      this.sync = new Int32Array(view.sync);
      this.strategy = this.build(view);
      this.mode = 'shared';
      this.epoch = view.epoch;
      if (newSync) this.watch();
    } else {
      if (this.mode !== 'snapshot' || this.epoch !== view.epoch || !this.memory || this.memory.size !== view.heapSize) {
        this.memory = new HeapMemory({ heap: new ArrayBuffer(view.heapSize), registers: new ArrayBuffer(REGISTER_COUNT * 4) });
        this.strategy = null;
        this.sync = new Int32Array(2);
      }
      this.memory.bytes.set(new Uint8Array(view.heap));
      new Uint8Array(this.memory.buffers.registers).set(new Uint8Array(view.registers));
      this.live = new LiveTable(0, false, view.live);
      if (!this.strategy || this.strategy.name !== view.strategy) this.strategy = this.build(view);
      this.mode = 'snapshot';
      this.epoch = view.epoch;
      this.sync[VERSION_WORD] = view.version;
    }
    this.refresh();
  }

  /** Forgets the heap (the worker died; a new one will attach). */
  detach(): void {
    this.watchToken++;
    this.memory = null;
    this.strategy = null;
    this.live = null;
    this.mode = null;
    this.epoch = -1;
  }

  /**
   * Reads a new picture if the version moved since the last one. A read that
   * overlaps a write (odd version, version changed meanwhile, live table
   * buffers not yet replaced) is dropped and tried again shortly.
   * Cost: readPicture's, when the version moved; else O(1).
   */
  refresh(): boolean {
    const { strategy, live, memory } = this;
    if (!strategy || !live || !memory) return false;
    const before = this.version();
    if (this.latestPicture && this.latestPicture.version === before && this.latestPicture.epoch === this.epoch) return false;
    if ((before & 1) === 1 || live.idLimit > live.capacity) return this.retryLater();
    let picture: HeapPicture;
    const shared = this.sync.length >= SYNC_WORDS;
    const step = shared ? this.sync[STEP_WORD] : -1;
    const length = shared ? this.sync[LENGTH_WORD] : -1;
    try {
      const epoch = this.epoch;
      const current = () => this.memory === memory && this.epoch === epoch && this.version() === before;
      const wide = this.wideFreeBlocks();
      const plan = this.framePlan();
      picture =
        (plan ? readFramePicture(strategy, live, memory, before, epoch, current, plan, wide) : null) ??
        readPicture(strategy, live, memory, before, epoch, current, { mergeGapsBelow: this.mergeGapsBelow(), wide });
    } catch {
      return this.retryLater();
    }
    if (this.version() !== before) return this.retryLater();
    this.latestPosition = shared ? { step, length } : null;
    this.latestPicture = picture;
    if (picture.mergedBelow === 0) this.picture = picture;
    for (const listener of this.listeners) listener();
    if (!this.latePending) {
      this.latePending = true;
      afterNextPaint(this.settle);
    }
    return true;
  }

  /**
   * After the frame that shows the latest picture: reads it whole if it was
   * merged, then calls the late listeners. Not while the worker computes a
   * change (a playback, a scrub: the heap moves on at once and the whole
   * read would be stale): it tries again after each frame until the worker
   * is idle or the heap moved (whose own read takes over).
   */
  private readonly settle = (): void => {
    this.latePending = false;
    const latest = this.latestPicture;
    if (latest && latest !== this.picture && latest.mergedBelow > 0) {
      if (this.version() !== latest.version || latest.epoch !== this.epoch) return;
      if (this.busy()) {
        this.latePending = true;
        afterNextPaint(this.settle);
        return;
      }
      if (!this.readWhole(latest)) return;
    }
    for (const listener of this.lateListeners) listener();
  };

  /**
   * Reads the whole picture of `merged`'s version, if the heap is still at
   * it, sharing its free lists; it becomes both pictures. Whether it did.
   */
  private readWhole(merged: HeapPicture): boolean {
    const { strategy, live, memory } = this;
    if (!strategy || !live || !memory || merged.epoch !== this.epoch) return false;
    const version = merged.version;
    if (this.version() !== version || live.idLimit > live.capacity) return false;
    let picture: HeapPicture;
    try {
      const epoch = this.epoch;
      const current = () => this.memory === memory && this.epoch === epoch && this.version() === version;
      picture = readPicture(strategy, live, memory, version, epoch, current, { free: merged.free });
    } catch {
      return false;
    }
    if (this.version() !== version) return false;
    this.picture = picture;
    this.latestPicture = picture;
    return true;
  }

  private build(view: MemoryView): Strategy | null {
    try {
      return createStrategy(view.strategy, this.memory!);
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      return null;
    }
  }

  private retryLater(): false {
    if (this.retryTimer === null) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.refresh();
      }, 4);
    }
    return false;
  }

  /** Waits on the version word and refreshes each time the worker notifies. */
  private watch(): void {
    const token = ++this.watchToken;
    const sync = this.sync;
    const loop = (): void => {
      if (token !== this.watchToken) return;
      const seen = Atomics.load(sync, VERSION_WORD);
      if (typeof Atomics.waitAsync !== 'function') {
        requestAnimationFrameOrTimeout(() => {
          this.refresh();
          loop();
        });
        return;
      }
      const wait = Atomics.waitAsync(sync, VERSION_WORD, seen);
      const again = () => {
        if (token !== this.watchToken) return;
        this.refresh();
        loop();
      };
      if (wait.async) void wait.value.then(again);
      else queueMicrotask(again);
    };
    loop();
  }
}

function requestAnimationFrameOrTimeout(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
  else setTimeout(callback, 16);
}
