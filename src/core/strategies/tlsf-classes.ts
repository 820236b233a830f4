/**
 * TLSF's two-level size classes (Masmano et al. 2004), scaled to 64-bit words
 * as in M. Conte's implementation: the first level is the power of two of a
 * block's span, the second splits each power of two into {@link SL_COUNT}
 * equal classes. Spans below {@link SMALL_SPAN} share first level 0, cut in
 * 8-byte classes, so every small span has a class of its own.
 *
 * Invariant: a class index is `fl * SL_COUNT + sl`; every span in class i is
 * >= classLower(i), and every span in a class >= searchClass(s) is >= s (the
 * good fit: any block of the first non-empty class at or above it fits).
 */

export const SL_LOG2 = 5;
/** Second-level classes per power of two. */
export const SL_COUNT = 1 << SL_LOG2;
const ALIGN_LOG2 = 3;
const FL_SHIFT = SL_LOG2 + ALIGN_LOG2;
/** Spans below this are in first level 0, one class per 8 bytes. */
export const SMALL_SPAN = 1 << FL_SHIFT;
/** First levels 0..23 cover every span of a heap up to 2^30 bytes (and the rounding past it). */
export const FL_COUNT = 24;

/** The class that holds a free block of `span` bytes. O(1). */
export function classOf(span: number): number {
  if (span < SMALL_SPAN) return span >>> ALIGN_LOG2;
  const f = 31 - Math.clz32(span);
  return ((f - FL_SHIFT + 1) << SL_LOG2) | ((span >>> (f - SL_LOG2)) & (SL_COUNT - 1));
}

/** The first class whose every block spans at least `span` bytes: `span` rounded up to its class step. O(1). */
export function searchClass(span: number): number {
  if (span < SMALL_SPAN) return span >>> ALIGN_LOG2;
  return classOf(span + 2 ** (31 - Math.clz32(span) - SL_LOG2) - 1);
}

/** The smallest span of class `i`. O(1). */
export function classLower(i: number): number {
  const fl = i >>> SL_LOG2;
  const sl = i & (SL_COUNT - 1);
  return fl === 0 ? sl << ALIGN_LOG2 : (SL_COUNT + sl) * 2 ** (fl + FL_SHIFT - SL_LOG2 - 1);
}

/** A class's name for the page: its span range. O(1). */
export function className(i: number): string {
  const lower = classLower(i);
  const upper = classLower(i + 1) - 1;
  return upper - lower < 8 ? `${lower} B` : `${lower}–${upper} B`;
}
