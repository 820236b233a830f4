import type { Radix } from '../store/app-state.ts';

/**
 * How offsets and sizes read on the page. Hex offsets are zero-padded to the
 * width of the heap's largest offset (at least 4 digits), so a column of them
 * lines up. O(1) each.
 */

/** Hex digits that hold every offset of a heap of `heapSize` bytes (at least 4). */
export function hexDigits(heapSize: number): number {
  return Math.max(4, Math.max(1, heapSize - 1).toString(16).length);
}

/** `0x0068`, padded to the heap's width. */
export function hex(offset: number, heapSize: number): string {
  return `0x${Math.max(0, offset).toString(16).padStart(hexDigits(heapSize), '0')}`;
}

/** An offset in the chosen radix. */
export function formatOffset(offset: number, radix: Radix, heapSize: number): string {
  return radix === 'hex' ? hex(offset, heapSize) : String(offset);
}

/** An offset in both radixes: `0x0068 (104)`. */
export function bothRadixes(offset: number, heapSize: number): string {
  return `${hex(offset, heapSize)} (${offset})`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** A byte count for people: `100 B`, `4 KiB`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${text} ${UNITS[unit]}`;
}

/** A fraction as a percentage with one decimal: `73.4%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
