import fc from 'fast-check';
import { chaosSteps, runChaos, type ChaosStep } from './chaos.ts';
import type { StrategyName } from '../../src/core/strategy.ts';

/**
 * Chaos programs that start by cutting `blocks` blocks of `size` bytes and
 * freeing every other one, so that the strategy's hole list is long (long
 * enough for hole-list.ts to search it with its index) before the random
 * part begins.
 */
export function checkChaosWithManyHoles(options: { strategy: StrategyName; heapSize: number; blocks: number; size: number; maxSize?: number; wholeHeapRequest?: number; runs?: number }): void {
  const prefix: ChaosStep[] = [
    ...Array.from({ length: options.blocks }, (): ChaosStep => ({ op: 'alloc', size: options.size })),
    ...Array.from({ length: options.blocks / 2 }, (_, i): ChaosStep => ({ op: 'free', pick: i })),
  ];
  fc.assert(
    fc.property(chaosSteps(options.maxSize ?? 512), (steps) => {
      runChaos([...prefix, ...steps], { strategy: options.strategy, heapSize: options.heapSize, wholeHeapRequest: options.wholeHeapRequest });
    }),
    { numRuns: options.runs ?? 20 },
  );
}
