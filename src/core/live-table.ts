import { newBuffer, type ByteBuffer } from './heap-memory.ts';

/**
 * The caller's table of blocks, indexed by id: what a Rust program holds in
 * each allocation's `Layout`, plus the span the allocator handed out. The
 * header-less strategies need it to free; the explorer needs it to draw
 * allocated blocks. Ids are small dense integers (a trace's ids, or click
 * numbers); the columns grow by doubling.
 *
 * Invariants: `state[id]` is one of the `IdState` values; for a live id,
 * `payload[id] >= 0` and `span[id] > 0`; `liveCount`, `payloadBytes` and
 * `spanBytes` are the count and sums over live ids. The live blocks are
 * also listed densely, in no particular order: entry k of `dense` (cells 4k
 * to 4k+3) is [id, payload, span, requested] of a live id, for k below
 * `liveCount`, and `slot[id]` is that k. A reader in another thread gathers
 * the live blocks from the list in one sequential pass, where a walk of the
 * id-indexed columns after a long trace costs a cache miss a column a live
 * block (one live id in twenty, spread over hundreds of thousands).
 */
export const IdState = {
  /** Never allocated. */
  Unused: 0,
  Live: 1,
  Freed: 2,
  /** The last alloc failed: the program holds a null pointer. */
  Null: 3,
} as const;

export interface LiveTableBuffers {
  /** Counters: live count, payload bytes, span bytes, id limit (Float64 each). */
  readonly meta: ByteBuffer;
  readonly state: ByteBuffer;
  readonly payload: ByteBuffer;
  readonly span: ByteBuffer;
  readonly requested: ByteBuffer;
  /** The dense list of live blocks: 4 int32 an entry. */
  readonly dense: ByteBuffer;
  /** Each live id's entry in the dense list (int32 an id). */
  readonly slot: ByteBuffer;
}

/** Cells an entry of the dense list takes: id, payload, span, requested. */
export const DENSE_CELLS = 4;

export class LiveTable {
  state!: Uint8Array;
  payload!: Int32Array;
  span!: Int32Array;
  requested!: Float64Array;
  /** The live blocks, DENSE_CELLS cells each: see the invariants. */
  dense!: Int32Array;
  slot!: Int32Array;
  /** The counters live in a shared buffer too, so a reader on another thread sees them. */
  private meta!: Float64Array;

  constructor(
    capacity = 1024,
    readonly shared = true,
    buffers?: LiveTableBuffers,
  ) {
    if (buffers) this.attach(buffers);
    else this.allocate(Math.max(16, capacity));
  }

  get liveCount(): number {
    return this.meta[0];
  }
  set liveCount(n: number) {
    this.meta[0] = n;
  }
  /** Sum of the requested bytes of live blocks. */
  get payloadBytes(): number {
    return this.meta[1];
  }
  set payloadBytes(n: number) {
    this.meta[1] = n;
  }
  /** Sum of the spans of live blocks. */
  get spanBytes(): number {
    return this.meta[2];
  }
  set spanBytes(n: number) {
    this.meta[2] = n;
  }
  /** Highest id ever used, plus one. */
  get idLimit(): number {
    return this.meta[3];
  }
  set idLimit(n: number) {
    this.meta[3] = n;
  }

  get capacity(): number {
    return this.state.length;
  }

  get buffers(): LiveTableBuffers {
    return {
      meta: this.meta.buffer,
      state: this.state.buffer,
      payload: this.payload.buffer,
      span: this.span.buffer,
      requested: this.requested.buffer,
      dense: this.dense.buffer,
      slot: this.slot.buffer,
    };
  }

  private allocate(capacity: number): void {
    const old = this.state ? { state: this.state, payload: this.payload, span: this.span, requested: this.requested, dense: this.dense, slot: this.slot } : null;
    this.attach({
      meta: old ? this.meta.buffer : newBuffer(4 * 8, this.shared),
      state: newBuffer(capacity, this.shared),
      payload: newBuffer(capacity * 4, this.shared),
      span: newBuffer(capacity * 4, this.shared),
      requested: newBuffer(capacity * 8, this.shared),
      dense: newBuffer(capacity * DENSE_CELLS * 4, this.shared),
      slot: newBuffer(capacity * 4, this.shared),
    });
    if (old) {
      this.state.set(old.state);
      this.payload.set(old.payload);
      this.span.set(old.span);
      this.requested.set(old.requested);
      this.dense.set(old.dense.subarray(0, this.liveCount * DENSE_CELLS));
      this.slot.set(old.slot);
    }
  }

  private attach(b: LiveTableBuffers): void {
    this.meta = new Float64Array(b.meta);
    this.state = new Uint8Array(b.state);
    this.payload = new Int32Array(b.payload);
    this.span = new Int32Array(b.span);
    this.requested = new Float64Array(b.requested);
    this.dense = new Int32Array(b.dense);
    this.slot = new Int32Array(b.slot);
  }

  /** Makes room for `id`. Amortised O(1); returns true when the buffers were replaced. */
  ensure(id: number): boolean {
    if (id < this.state.length) return false;
    let cap = this.state.length;
    while (cap <= id) cap *= 2;
    this.allocate(cap);
    return true;
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.state.length && this.state[id] === IdState.Live;
  }

  stateOf(id: number): number {
    return id >= 0 && id < this.state.length ? this.state[id] : IdState.Unused;
  }

  /** Records a live block. O(1) amortised. */
  setLive(id: number, payload: number, span: number, requested: number): void {
    this.ensure(id);
    this.state[id] = IdState.Live;
    this.payload[id] = payload;
    this.span[id] = span;
    this.requested[id] = requested;
    const k = this.liveCount;
    this.putDense(k, id, payload, span, requested);
    this.liveCount = k + 1;
    this.payloadBytes += requested;
    this.spanBytes += span;
    if (id >= this.idLimit) this.idLimit = id + 1;
  }

  /** Marks a live block gone (`Freed`, or `Null` when a realloc to 0 freed it). O(1). */
  release(id: number, next: number = IdState.Freed): void {
    // The last entry of the dense list takes the place of this one.
    const last = this.liveCount - 1;
    const k = this.slot[id];
    if (k !== last) {
      // Cell by cell: copyWithin is a call into the runtime, for four cells.
      const dense = this.dense;
      const to = k * DENSE_CELLS;
      const from = last * DENSE_CELLS;
      const moved = dense[from];
      dense[to] = moved;
      dense[to + 1] = dense[from + 1];
      dense[to + 2] = dense[from + 2];
      dense[to + 3] = dense[from + 3];
      this.slot[moved] = k;
    }
    this.liveCount = last;
    this.payloadBytes -= this.requested[id];
    this.spanBytes -= this.span[id];
    this.state[id] = next;
    this.payload[id] = -1;
  }

  /** Writes live id `id`'s entry at `k` of the dense list (its columns must say the same). O(1). */
  putDense(k: number, id: number, payload: number, span: number, requested: number): void {
    const at = k * DENSE_CELLS;
    const dense = this.dense;
    dense[at] = id;
    dense[at + 1] = payload;
    dense[at + 2] = span;
    dense[at + 3] = requested;
    this.slot[id] = k;
  }

  /** Marks an id as holding a null pointer (its alloc failed). O(1). */
  setNull(id: number): void {
    this.ensure(id);
    this.state[id] = IdState.Null;
    this.payload[id] = -1;
    if (id >= this.idLimit) this.idLimit = id + 1;
  }

  /** Visits every live block (id order). O(idLimit). */
  forEachLive(visit: (id: number, payload: number, span: number, requested: number) => void): void {
    for (let id = 0; id < this.idLimit; id++) {
      if (this.state[id] === IdState.Live) visit(id, this.payload[id], this.span[id], this.requested[id]);
    }
  }

  /** Empties the table. O(idLimit). */
  clear(): void {
    this.state.fill(0, 0, this.idLimit);
    this.payload.fill(-1, 0, this.idLimit);
    this.liveCount = 0;
    this.payloadBytes = 0;
    this.spanBytes = 0;
    this.idLimit = 0;
  }
}
