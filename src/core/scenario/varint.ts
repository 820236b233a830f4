/**
 * Unsigned LEB128 varints and zigzag signed numbers, for whole numbers up to
 * 2^53 - 1 (JavaScript's safe integers; sizes reach 2^48). Seven bits a byte,
 * low bits first, the high bit set on every byte but the last: 0..127 take
 * one byte, 128..16383 two. Arithmetic, not bit operators, so values past
 * 2^32 survive. A value takes at most {@link MAX_VARINT_BYTES} bytes, so a
 * reader never loops on a run of continuation bytes.
 */

/** 8 bytes carry 56 bits: enough for every safe integer. */
export const MAX_VARINT_BYTES = 8;

/** Bytes `value` takes as a varint. O(1). */
export function varintLength(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
}

/** Writes `value` (a safe non-negative integer) at `at` in `out`; the position after it. O(1). */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  let v = value;
  let i = at;
  while (v >= 0x80) {
    out[i++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[i++] = v;
  return i;
}

/** Why a varint could not be read. */
export type VarintFault = 'truncated' | 'too-long';

/**
 * Reads the varint at `cursor.pos` in `bytes` (up to `end`) and moves the
 * cursor past it; the value, or a fault (the cursor then does not move). O(1).
 */
export function readVarint(bytes: Uint8Array, cursor: { pos: number }, end = bytes.length): number | VarintFault {
  let value = 0;
  let scale = 1;
  let i = cursor.pos;
  for (let n = 0; n < MAX_VARINT_BYTES; n++) {
    if (i >= end) return 'truncated';
    const b = bytes[i++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (value > Number.MAX_SAFE_INTEGER) return 'too-long';
      cursor.pos = i;
      return value;
    }
    scale *= 0x80;
  }
  return 'too-long';
}

/** Maps a signed integer to an unsigned one, small magnitudes to small numbers: 0, -1, 1, -2 -> 0, 1, 2, 3. O(1). */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** The inverse of {@link zigzag}. O(1). */
export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}
