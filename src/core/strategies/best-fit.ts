import { HoleStrategy } from './hole-strategy.ts';

/**
 * Best fit: an allocation takes the smallest hole that fits (ties: the
 * lowest address) and cuts the block from its front (the whole hole when
 * less than a 16-byte node would remain); frees go back in address order and
 * merge with neighbours.
 *
 * Invariants: those of {@link HoleStrategy}.
 */
export class BestFit extends HoleStrategy {
  readonly name = 'best-fit' as const;

  /** O(holes): the whole list is searched unless a hole fits exactly. */
  protected takeHole(block: number): number {
    return this.holes.takeBestFit(block);
  }
}
