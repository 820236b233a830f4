import { HoleStrategy } from './hole-strategy.ts';

/**
 * First fit, as the linked_list_allocator crate does it: an allocation takes
 * the lowest hole that fits and cuts the block from its front (the whole
 * hole when less than a 16-byte node would remain); a free goes back in
 * address order and merges with the holes it touches.
 *
 * Invariants: those of {@link HoleStrategy} (address-ordered, coalesced
 * holes that tile the heap with the live blocks).
 */
export class FirstFit extends HoleStrategy {
  readonly name = 'first-fit' as const;

  /** O(holes below the first that fits). */
  protected takeHole(block: number): number {
    return this.holes.takeFirstFit(block);
  }
}
