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

  private grow(): void {
    const cap = this.kind.length * 2;
    const kind = new Uint8Array(cap);
    const id = new Int32Array(cap);
    const size = new Float64Array(cap);
    const line = new Int32Array(cap);
    kind.set(this.kind);
    id.set(this.id);
    size.set(this.size);
    line.set(this.line);
    this.kind = kind;
    this.id = id;
    this.size = size;
    this.line = line;
  }
}
