/**
 * The page's colours. Allocations cycle through Paul Tol's "light" scheme and
 * free lists through Okabe & Ito's, both made for colour-blind readers; the
 * order of each cycle keeps neighbours apart under protanopia, deuteranopia
 * and tritanopia (test/ui/palette.test.ts simulates them). State never rests
 * on hue alone: free blocks are hatched and outlined, allocated ones solid.
 */

/** Allocated blocks, by id: Tol "light" without its grey (grey means free). */
export const ALLOCATION_COLORS = ['#77AADD', '#EE8866', '#99DDFF', '#BBCC33', '#FFAABB', '#AAAA00', '#44BB99', '#EEDD88'] as const;

/** Free lists, by list index: Okabe-Ito, lightest first for the dark background. */
export const LIST_COLORS = ['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#CC79A7', '#FFFFFF', '#0072B2', '#D55E00'] as const;

export const STRIP_COLORS = {
  background: '#15171c',
  /** Memory never handed out (past the bump pointer or the break). */
  untouched: '#1b1e25',
  untouchedDot: '#262a33',
  /** Bytes below the end that are in no block: metadata, or dead memory (bump). */
  gap: '#3a3146',
  gapHatch: '#57496a',
  freeFill: '#2a323c',
  freeHatch: '#44505e',
  freeEdge: '#6b7a8c',
  /** Occupancy of columns too narrow for their blocks. */
  aggregatedAllocated: '#b9c6d8',
  aggregatedFree: '#4a5a6c',
  /** Header and footer bands, over the block's colour. */
  metadataShade: 'rgba(10, 12, 16, 0.55)',
  /** The part of a block beyond the requested bytes. */
  paddingShade: 'rgba(21, 23, 28, 0.55)',
  bump: '#F0E442',
  end: '#D55E00',
  selection: '#ffffff',
  hover: 'rgba(255, 255, 255, 0.6)',
  /** Free blocks too small for an allocation that failed (Okabe-Ito orange). */
  tooSmall: '#e69f00',
  axis: '#5d6675',
  axisText: '#8d96a5',
  label: '#101216',
  labelOnDark: '#d7dae0',
  byteText: 'rgba(16, 18, 22, 0.85)',
  byteTextOnDark: '#9aa3b2',
} as const;

/** The colour of allocated block `id`. O(1). */
export function allocationColor(id: number): string {
  return ALLOCATION_COLORS[((id % ALLOCATION_COLORS.length) + ALLOCATION_COLORS.length) % ALLOCATION_COLORS.length];
}

/** The colour of free list `list`. O(1). */
export function listColor(list: number): string {
  return LIST_COLORS[((list % LIST_COLORS.length) + LIST_COLORS.length) % LIST_COLORS.length];
}

/** Lists past the colour cycle are told apart by their dash as well. O(1). */
export function listDash(list: number): number[] {
  const round = Math.floor(list / LIST_COLORS.length) % 3;
  return round === 0 ? [] : round === 1 ? [6, 3] : [2, 3];
}
