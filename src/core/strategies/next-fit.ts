import { HoleStrategy } from './hole-strategy.ts';

/**
 * Next fit (Knuth, TAOCP 2.5, exercise 6): first fit, but each search begins
 * at a rover, the hole after the last allocation, runs to the end of the
 * list, wraps to the head and stops where it began. Blocks are cut from a
 * hole's front; frees go back in address order and merge with neighbours.
 *
 * Invariants: those of {@link HoleStrategy}, and the rover register always
 * names a hole of the list (or NIL for the head), even when holes merge or
 * vanish: the hole list keeps it valid.
 */
export class NextFit extends HoleStrategy {
  readonly name = 'next-fit' as const;

  /** O(holes) at worst; O(1) when the hole at the rover fits. */
  protected takeHole(block: number): number {
    return this.holes.takeNextFit(block);
  }
}
