import { MAX_ADDRESS } from './call-numbers.ts';

/**
 * Numbers and words read straight from a line's bytes, for the parsers'
 * fast paths: no string, no object. Each scanner reads bytes[i, end) from
 * i, returns the number (NaN if there is none, or it is not exact) and
 * leaves where it stopped in `scan.end`. Cost: O(digits).
 */
export const scan = { end: 0 };

/** Decimal digits. */
export function scanDecimal(bytes: Uint8Array, i: number, end: number): number {
  let v = 0;
  const start = i;
  while (i < end) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  scan.end = i;
  return i > start && i - start <= 24 ? v : NaN;
}

/** `0x` and hex digits, either case (NaN past 2^53). */
export function scanHex(bytes: Uint8Array, i: number, end: number): number {
  if (i + 2 >= end || bytes[i] !== 48 || bytes[i + 1] !== 120) return NaN;
  i += 2;
  const start = i;
  let v = 0;
  while (i < end) {
    const c = bytes[i];
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else if (c >= 97 && c <= 102) d = c - 87;
    else break;
    v = v * 16 + d;
    i++;
  }
  scan.end = i;
  return i > start && v < MAX_ADDRESS ? v : NaN;
}

/** A pointer as ltrace prints it: `0x...`, or a bare `0` for NULL. */
export function scanPointer(bytes: Uint8Array, i: number, end: number): number {
  if (bytes[i] === 48 && (i + 1 >= end || bytes[i + 1] !== 120)) {
    scan.end = i + 1;
    return 0;
  }
  return scanHex(bytes, i, end);
}

/** The bytes of an ASCII word, to compare lines with. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Whether bytes[i, end) starts with `word`. O(word). */
export function startsWith(bytes: Uint8Array, i: number, end: number, word: Uint8Array): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return false;
  return true;
}
