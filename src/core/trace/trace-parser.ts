import type { Trace } from './trace.ts';

/**
 * A parser fed one line at a time (1-based line numbers), so a trace of any
 * size streams through it. `line` and `finish` throw a TraceError on bad input.
 */
export interface TraceParser {
  line(text: string, lineNo: number): void;
  /** The trace, once every line is in; `lastLine` is the number of lines read. */
  finish(lastLine: number): Trace;
}

/** Sizes past 2^48 bytes (256 TiB, more than a 48-bit address space holds) are not a program's. */
export const ABSURD_SIZE = 2 ** 48;

/** Parses a decimal byte count: the number, or a reason it is not one. */
export function parseSize(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `size "${text}" is not a whole number`;
  const n = Number(text);
  if (n < 0) return `size ${text} is negative`;
  if (n >= ABSURD_SIZE) return `size ${text} is absurd (more than 2^48 bytes)`;
  return n;
}
