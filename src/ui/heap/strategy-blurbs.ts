import type { StrategyName } from '../../core/strategy.ts';

/** One line on each strategy, for the page (ALLOCATOR.md, "The family of strategies"). */
export const STRATEGY_BLURBS: Record<StrategyName, string> = {
  lululucator: 'bump pointer + LIFO first-fit free list, split, no coalescing (the seed)',
  bump: 'bump only: memory comes back when every block is freed',
  'first-fit': 'address-ordered holes, first fit, split, coalescing (linked_list_allocator)',
  'next-fit': 'first fit resuming where the last search stopped (Knuth)',
  'best-fit': 'smallest hole that fits, coalescing',
  'fixed-block': 'size classes 8 B … 2 KiB, one LIFO list each; larger to a hole list',
  buddy: 'power-of-two buddy system',
  implicit: 'CS:APP implicit list: 4-byte header and footer, first fit, immediate coalescing',
  tlsf: 'two-level segregated fit: O(1) good fit',
};
