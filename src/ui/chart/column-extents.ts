/**
 * Downsampling a series over steps 0..lastStep to pixel columns: each column
 * keeps the least and the greatest value of the points drawn in it, so a
 * spike of one step in a million still shows, and the drawing costs
 * O(columns) however long the timeline is. Steps spread evenly: step s
 * falls in column floor(s * (columns / lastStep)), the last step in the
 * last column (every function here computes it so, bit for bit).
 */

/** The columns that hold at least one point, left to right. */
export interface ColumnExtents {
  readonly count: number;
  /** Pixel column of each kept column, ascending. */
  readonly column: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** The pixel column of `step` (0..columns-1). O(1). */
export function columnOf(step: number, lastStep: number, columns: number): number {
  const scale = lastStep > 0 ? columns / lastStep : 0;
  return Math.max(0, Math.min(columns - 1, Math.floor(step * scale)));
}

function builder(size: number) {
  return { count: 0, column: new Int32Array(size), min: new Float64Array(size), max: new Float64Array(size) };
}

/** Appends one column's extents. */
function pushColumn(out: ReturnType<typeof builder>, column: number, lo: number, hi: number): void {
  out.column[out.count] = column;
  out.min[out.count] = lo;
  out.max[out.count] = hi;
  out.count++;
}

/**
 * The end of the run of dense steps from `k` that share `k`'s column `c`:
 * the first step past `k` in a later column (or `count`). O(1): computed,
 * then nudged so that it agrees with columnOf's rounding.
 */
function runEnd(k: number, c: number, count: number, scale: number, top: number): number {
  if (c >= top || scale <= 0) return count;
  let end = Math.max(k + 1, Math.ceil((c + 1) / scale));
  while (end > k + 1 && Math.floor((end - 1) * scale) > c) end--;
  while (end < count && Math.floor(end * scale) <= c) end++;
  return Math.min(end, count);
}

/**
 * The extents per column of `count` points: point k has value `values[k]`
 * at step `steps[k]` (ascending), or at step k when `steps` is not given (a
 * dense series: then each column's run is scanned in a tight loop). O(count).
 */
export function columnExtents(values: ArrayLike<number>, count: number, lastStep: number, columns: number, steps?: ArrayLike<number>): ColumnExtents {
  const out = builder(Math.max(0, Math.min(count, columns)));
  const scale = lastStep > 0 ? columns / lastStep : 0;
  const top = columns - 1;
  if (steps === undefined) {
    for (let k = 0; k < count; ) {
      const c = Math.max(0, Math.min(top, Math.floor(k * scale)));
      const end = runEnd(k, c, count, scale, top);
      let lo = values[k];
      let hi = lo;
      for (let j = k + 1; j < end; j++) {
        const v = values[j];
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      pushColumn(out, c, lo, hi);
      k = end;
    }
    return out;
  }
  let current = -1;
  for (let k = 0; k < count; k++) {
    const c = Math.max(0, Math.min(top, Math.floor(steps[k] * scale)));
    const v = values[k];
    if (c !== current) {
      current = c;
      pushColumn(out, c, v, v);
    } else {
      const at = out.count - 1;
      if (v < out.min[at]) out.min[at] = v;
      if (v > out.max[at]) out.max[at] = v;
    }
  }
  return out;
}

/** The extents per column of the dense series numerator[k] / denominator[k] (0 where the denominator is 0). O(count). */
export function ratioExtents(numerator: ArrayLike<number>, denominator: ArrayLike<number>, count: number, lastStep: number, columns: number): ColumnExtents {
  const out = builder(Math.max(0, Math.min(count, columns)));
  const scale = lastStep > 0 ? columns / lastStep : 0;
  const top = columns - 1;
  for (let k = 0; k < count; ) {
    const c = Math.max(0, Math.min(top, Math.floor(k * scale)));
    const end = runEnd(k, c, count, scale, top);
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = k; j < end; j++) {
      const d = denominator[j];
      const v = d > 0 ? numerator[j] / d : 0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    pushColumn(out, c, lo, hi);
    k = end;
  }
  return out;
}

/** How many of `steps` (ascending) fall in each column. O(steps + columns). */
export function columnCounts(steps: ArrayLike<number>, count: number, lastStep: number, columns: number): Uint32Array {
  const counts = new Uint32Array(Math.max(0, columns));
  if (columns <= 0) return counts;
  const scale = lastStep > 0 ? columns / lastStep : 0;
  for (let k = 0; k < count; k++) counts[Math.max(0, Math.min(columns - 1, Math.floor(steps[k] * scale)))]++;
  return counts;
}
