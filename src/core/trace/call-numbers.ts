import { ABSURD_SIZE } from './trace-parser.ts';

/**
 * Numbers as the tools print them in calls: addresses in hex (`0x4A41040`,
 * `0x55a7dc7792a0`), NULL as `0x0` or a bare `0`, sizes in decimal (or hex
 * where a tool has no prototype). Every parser returns the number, or NaN
 * when the text is not one; callers say why in their own words. Exact up to
 * 2^53, which covers every user-space address of a 48-bit machine. O(digits).
 */

/** Larger than any user-space address (2^53): beyond it, doubles are no longer exact. */
export const MAX_ADDRESS = 2 ** 53;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** `0x` + hex digits in text[start, end); NaN if it is not that or too large to be exact. */
export function parseHexAt(text: string, start: number, end: number): number {
  if (end - start < 3 || text.charCodeAt(start) !== 48 || (text.charCodeAt(start + 1) | 32) !== 120) return NaN;
  let v = 0;
  for (let i = start + 2; i < end; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) return NaN;
    v = v * 16 + d;
  }
  return v < MAX_ADDRESS ? v : NaN;
}

/** Decimal digits in text[start, end) (no sign); NaN if not. Inexact past 2^53, which callers reject as absurd. */
export function parseDecimalAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 24) return NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** A pointer argument or result: `0x...` or a bare `0` (NULL). NaN if not. */
export function parsePointer(text: string): number {
  if (text === '0') return 0;
  return parseHexAt(text, 0, text.length);
}

/** A count or size: decimal, or `0x` hex. A leading `-` gives a negative number (which callers reject). NaN if not a number. */
export function parseCount(text: string): number {
  if (text.startsWith('-')) {
    const v = parseCount(text.slice(1));
    return v > 0 ? -v : NaN;
  }
  if (text.length > 2 && (text.charCodeAt(1) | 32) === 120) return parseHexAt(text, 0, text.length);
  return parseDecimalAt(text, 0, text.length);
}

/** Why a requested size cannot be replayed (negative, absurd), or null when it can; `shown` is the size as the trace prints it. */
export function sizeProblem(size: number, shown: string): string | null {
  if (size < 0) return `size ${shown} is negative`;
  if (size >= 2 ** 63) return `size ${shown} is absurd (a negative size passed as unsigned?)`;
  if (size >= ABSURD_SIZE) return `size ${shown} is absurd (more than 2^48 bytes)`;
  return null;
}

/** Why calloc(n, m) cannot be replayed (a bad factor, n * m overflowing 64 bits or absurd), or null. */
export function callocProblem(n: number, m: number, nShown: string, mShown: string): string | null {
  if (n < 0) return sizeProblem(n, nShown);
  if (m < 0) return sizeProblem(m, mShown);
  const product = n * m;
  if (product >= 2 ** 64) return `calloc(${nShown}, ${mShown}): n * m overflows 64 bits`;
  if (product >= ABSURD_SIZE) return `calloc(${nShown}, ${mShown}) asks ${product} bytes: absurd (more than 2^48)`;
  return null;
}

/** An address as messages show it. */
export function hex(addr: number): string {
  return `0x${addr.toString(16)}`;
}
