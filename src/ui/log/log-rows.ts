import type { SessionLine } from '../store/app-state.ts';

/**
 * The event log's rows: the timeline's operations (row of operation i: the
 * heap going from step i to i + 1) with the session's lines between them.
 * A line anchored at `a` shows after the first `a` operations' rows; lines
 * that share an anchor keep their order. Anchors past the last operation
 * are read as the last one (the lines then close the log).
 *
 * Invariant: `lineRow` is strictly ascending (line j's row is its anchor
 * plus j), so a row is found by one binary search over the lines, never a
 * walk over the operations. Memory: 8 bytes a line; none per operation.
 */
export type LogRowRef = { readonly kind: 'op'; readonly op: number } | { readonly kind: 'line'; readonly line: SessionLine };

export class LogRows {
  /** Rows in all: operations and lines. */
  readonly total: number;
  private readonly lines: readonly SessionLine[];
  /** Clamped anchor of each line, ascending. */
  private readonly anchors: Int32Array;
  /** Row of each line, strictly ascending. */
  private readonly lineRow: Int32Array;

  /** O(lines), or O(lines log lines) when the lines are not in anchor order. */
  constructor(
    readonly ops: number,
    lines: readonly SessionLine[],
  ) {
    const anchorOf = (l: SessionLine) => Math.min(ops, Math.max(0, l.anchor));
    let sorted = true;
    for (let j = 1; j < lines.length && sorted; j++) sorted = anchorOf(lines[j - 1]) <= anchorOf(lines[j]);
    // Array.prototype.sort is stable: lines of one anchor keep their order.
    this.lines = sorted ? lines : [...lines].sort((a, b) => anchorOf(a) - anchorOf(b));
    const m = this.lines.length;
    this.anchors = new Int32Array(m);
    this.lineRow = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      this.anchors[j] = anchorOf(this.lines[j]);
      this.lineRow[j] = this.anchors[j] + j;
    }
    this.total = ops + m;
  }

  /** What row `row` (0..total-1) shows. O(log lines). */
  at(row: number): LogRowRef {
    if (!(row >= 0 && row < this.total)) throw new RangeError(`row ${row} is outside 0..${this.total - 1}`);
    const j = firstAtLeast(this.lineRow, row);
    if (j < this.lineRow.length && this.lineRow[j] === row) return { kind: 'line', line: this.lines[j] };
    return { kind: 'op', op: row - j };
  }

  /** The row of operation `op` (0..ops-1): the operations before it and the lines anchored at or before it. O(log lines). */
  rowOfOp(op: number): number {
    if (!(op >= 0 && op < this.ops)) throw new RangeError(`operation ${op} is outside 0..${this.ops - 1}`);
    return op + firstAtLeast(this.anchors, op + 1);
  }
}

/** The first index k with values[k] >= value, or values.length. O(log n). */
function firstAtLeast(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
