/**
 * The simulated heap: the bytes an allocator manages, plus a small register
 * file that holds the allocator's own struct (bump pointer, list heads, break).
 *
 * Invariants:
 * - Offsets count from `heap_start` (offset 0); every offset is below `size`.
 * - `size` is a multiple of 8 and at most {@link MAX_HEAP_BYTES}, so every
 *   offset fits an int32 and every 64-bit word's high half is 0 except for
 *   {@link NIL}, whose two halves are all ones.
 * - The buffers are `SharedArrayBuffer`s where the platform has them (so a
 *   page can read what a worker writes), else `ArrayBuffer`s; the code is the
 *   same either way.
 */

/** The simulated machine is 64-bit: a word is 8 bytes. */
export const WORD = 8;

/** The null pointer inside heap words and registers: all ones (-1 in a register). */
export const NIL = -1;

/** The largest heap the engine simulates: 1 GiB keeps every offset in an int32. */
export const MAX_HEAP_BYTES = 1 << 30;

/** Registers each strategy may use (int32 each). */
export const REGISTER_COUNT = 1024;

export type ByteBuffer = ArrayBuffer | SharedArrayBuffer;

/** True where `SharedArrayBuffer` can be created (Node, a cross-origin isolated page, a worker). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

/** A zeroed buffer of `bytes` bytes, shared when asked and possible. */
export function newBuffer(bytes: number, shared: boolean): ByteBuffer {
  return shared && canShareMemory() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** The buffers behind a {@link HeapMemory}, as they cross to another thread. */
export interface HeapBuffers {
  readonly heap: ByteBuffer;
  readonly registers: ByteBuffer;
}

export class HeapMemory {
  /** Heap bytes, offset 0 = heap_start. */
  readonly bytes: Uint8Array;
  /** The same bytes as little-endian 32-bit cells: `u32[offset >> 2]`. */
  readonly u32: Uint32Array;
  /** The allocator's struct: int32 registers, meaning defined by each strategy. */
  readonly regs: Int32Array;
  /** Bytes in the heap. */
  readonly size: number;
  /**
   * Which 128-byte groups (32 cells: one word of a sparse image's mask) were
   * written through this object's methods since `trackWrites` or
   * `forgetWrites`, one bit a group; null while writes are not tracked.
   * Only as good as the writers: a strategy that writes the typed arrays
   * directly must not rely on it (see `Strategy.writesOnlyThroughMemory`).
   * Costs a load and a store a write.
   */
  written: Uint32Array | null = null;

  /** A new zeroed heap of `size` bytes (`shared`: use SharedArrayBuffer where possible). */
  static create(size: number, shared = true): HeapMemory {
    if (!Number.isInteger(size) || size < 64 || size > MAX_HEAP_BYTES || size % WORD !== 0) {
      throw new RangeError(`heap size must be a multiple of 8 between 64 and ${MAX_HEAP_BYTES} bytes, not ${size}`);
    }
    return new HeapMemory({
      heap: newBuffer(size, shared),
      registers: newBuffer(REGISTER_COUNT * 4, shared),
    });
  }

  /** Views over existing buffers (a page attaching to a worker's heap). */
  constructor(readonly buffers: HeapBuffers) {
    this.bytes = new Uint8Array(buffers.heap);
    this.u32 = new Uint32Array(buffers.heap);
    this.regs = new Int32Array(buffers.registers);
    this.size = this.bytes.length;
  }

  get shared(): boolean {
    return canShareMemory() && this.buffers.heap instanceof SharedArrayBuffer;
  }

  /** The 64-bit word at `offset` (8-aligned), as an offset or {@link NIL}. O(1). */
  readWord(offset: number): number {
    const low = this.u32[offset >>> 2];
    return low === 0xffffffff ? NIL : low;
  }

  /** Starts tracking the groups written (all clean now), in shared memory when the heap is (another thread may read it). O(size / 4096). */
  trackWrites(): void {
    this.written = new Uint32Array(newBuffer(Math.ceil(this.size / 4096) * 4, this.shared));
  }

  /** Marks every group clean again. O(size / 4096). */
  forgetWrites(): void {
    this.written?.fill(0);
  }

  /** Marks the groups of bytes [from, to) written. O((to - from) / 128). */
  private markWritten(from: number, to: number): void {
    const written = this.written;
    if (written === null || to <= from) return;
    for (let g = from >>> 7, last = (to - 1) >>> 7; g <= last; g++) written[g >>> 5] |= 1 << (g & 31);
  }

  /** Writes a 64-bit little-endian word: an offset (< 2^32) or {@link NIL}. O(1). */
  writeWord(offset: number, value: number): void {
    const i = offset >>> 2;
    // An 8-aligned word lies in one 128-byte group.
    const written = this.written;
    if (written !== null) written[offset >>> 12] |= 1 << ((offset >>> 7) & 31);
    if (value === NIL) {
      this.u32[i] = 0xffffffff;
      this.u32[i + 1] = 0xffffffff;
    } else {
      this.u32[i] = value;
      this.u32[i + 1] = 0;
    }
  }

  /** The 32-bit word at `offset` (4-aligned). O(1). */
  read32(offset: number): number {
    return this.u32[offset >>> 2];
  }

  /** Writes a 32-bit word at `offset` (4-aligned). O(1). */
  write32(offset: number, value: number): void {
    const written = this.written;
    if (written !== null) written[offset >>> 12] |= 1 << ((offset >>> 7) & 31);
    this.u32[offset >>> 2] = value;
  }

  /** Copies `length` bytes from `from` to `to` (ranges may overlap). O(length). */
  copy(from: number, to: number, length: number): void {
    if (length <= 0) return;
    this.markWritten(to, to + length);
    this.bytes.copyWithin(to, from, from + length);
  }

  /**
   * Zeroes bytes [from, to). O(to - from), in 32-bit stores: V8 fills a
   * SharedArrayBuffer's bytes one by one, 2.4 times slower (32 MiB: 12 ms
   * against 5 on this machine).
   */
  zero(from: number, to: number): void {
    this.markWritten(from, to);
    const first = Math.min(to, (from + 3) & ~3);
    const last = Math.max(first, to & ~3);
    this.bytes.fill(0, from, first);
    this.u32.fill(0, first >>> 2, last >>> 2);
    this.bytes.fill(0, last, to);
  }

  /** Zeroes the registers (the heap bytes are left as they are, like freed memory). */
  clearRegisters(): void {
    this.regs.fill(0);
  }
}
