/** Operation codes of a trace, as stored in {@link OpList.kind}. */
export const OpCode = { Alloc: 0, Free: 1, Realloc: 2 } as const;
export type OpCode = (typeof OpCode)[keyof typeof OpCode];

export const OP_NAMES = ['alloc', 'free', 'realloc'] as const;

/**
 * A trace's operations in columns (kind, id, size, source line): 17 bytes an
 * operation, so a million-operation trace takes 17 MB and no objects. Grows
 * by doubling: push is amortised O(1).
 */
export class OpList {
  kind: Uint8Array;
  id: Int32Array;
  size: Float64Array;
  line: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.kind = new Uint8Array(capacity);
    this.id = new Int32Array(capacity);
    this.size = new Float64Array(capacity);
    this.line = new Int32Array(capacity);
  }

  push(kind: OpCode, id: number, size: number, line: number): void {
    if (this.length === this.kind.length) this.grow();
    const i = this.length++;
    this.kind[i] = kind;
    this.id[i] = id;
    this.size[i] = size;
    this.line[i] = line;
  }

  /**
   * Keeps the first `from` operations and appends the columns' (a timeline
   * delta's), copied in bulk; from 0, takes the columns themselves, which
   * the caller gives up. O(1) from 0; else O(from + appended) when it must
   * grow, else O(appended).
   */
  replaceFrom(from: number, kind: Uint8Array, id: Int32Array, size: Float64Array, line: Int32Array): void {
    if (from === 0 && kind.length > 0) {
      this.kind = kind;
      this.id = id;
      this.size = size;
      this.line = line;
      this.length = kind.length;
      return;
    }
    const length = from + kind.length;
    this.length = Math.min(this.length, from);
    if (length > this.kind.length) this.grow(length);
    this.kind.set(kind, from);
    this.id.set(id, from);
    this.size.set(size, from);
    this.line.set(line, from);
    this.length = length;
  }

  /** The same operations in arrays of exactly `length` (for sending to another thread). */
  trimmed(): OpList {
    const out = new OpList(Math.max(1, this.length));
    out.kind.set(this.kind.subarray(0, this.length));
    out.id.set(this.id.subarray(0, this.length));
    out.size.set(this.size.subarray(0, this.length));
    out.line.set(this.line.subarray(0, this.length));
    out.length = this.length;
    return out;
  }

  /** Room for at least `least` operations (doubling), keeping the first `length`. O(length). */
  private grow(least = this.kind.length + 1): void {
    let cap = Math.max(1, this.kind.length * 2);
    while (cap < least) cap *= 2;
    const kind = new Uint8Array(cap);
    const id = new Int32Array(cap);
    const size = new Float64Array(cap);
    const line = new Int32Array(cap);
    kind.set(this.kind.subarray(0, this.length));
    id.set(this.id.subarray(0, this.length));
    size.set(this.size.subarray(0, this.length));
    line.set(this.line.subarray(0, this.length));
    this.kind = kind;
    this.id = id;
    this.size = size;
    this.line = line;
  }
}
