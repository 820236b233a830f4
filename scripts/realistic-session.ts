/**
 * A session that looks like real use: a few dozen allocations of mixed sizes,
 * frees scattered through them (so the Lululucator's LIFO list holds several
 * nodes, some split by later requests), a realloc, and a free node selected.
 * Used for the README's screenshot and the page benchmark.
 */
export type ScriptedStep =
  | { readonly kind: 'heap'; readonly bytes: number }
  | { readonly kind: 'alloc'; readonly size: number }
  | { readonly kind: 'free'; readonly id: number }
  | { readonly kind: 'realloc'; readonly id: number; readonly size: number }
  | { readonly kind: 'select-free'; readonly rank: number }
  | { readonly kind: 'size'; readonly size: number };

const SIZES = [48, 120, 24, 250, 64, 100, 16, 180, 40, 96, 300, 32, 72, 140, 56, 24, 210, 88, 40, 128, 64, 160, 24, 100, 48, 90, 200, 36, 120, 60];

export const REALISTIC_SESSION: readonly ScriptedStep[] = [
  { kind: 'heap', bytes: 4096 },
  ...SIZES.map((size): ScriptedStep => ({ kind: 'alloc', size })),
  { kind: 'free', id: 3 },
  { kind: 'free', id: 10 },
  { kind: 'free', id: 7 },
  { kind: 'free', id: 16 },
  { kind: 'free', id: 21 },
  { kind: 'alloc', size: 100 },
  { kind: 'free', id: 26 },
  { kind: 'free', id: 13 },
  { kind: 'realloc', id: 5, size: 220 },
  { kind: 'alloc', size: 40 },
  { kind: 'free', id: 1 },
  { kind: 'alloc', size: 64 },
  { kind: 'alloc', size: 300 },
  { kind: 'alloc', size: 72 },
  { kind: 'size', size: 100 },
  { kind: 'select-free', rank: 1 },
];
