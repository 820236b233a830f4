import type { HeapDriver } from './driver.ts';

/** The measures of ALLOCATOR.md ("Measures"), the same for the CLI, the page and the benchmarks. */
export interface HeapMetrics {
  readonly ops: number;
  readonly failed: number;
  /** Bytes requested by live allocations. */
  readonly payload: number;
  readonly peakPayload: number;
  readonly liveBlocks: number;
  /** Bytes the live blocks span, metadata and rounding included. */
  readonly handedOut: number;
  /** High-water mark of the break, or of the highest byte handed out. */
  readonly footprint: number;
  /** Peak payload / footprint (0 before anything was handed out). */
  readonly utilization: number;
  /** Free bytes below the footprint, and the largest free stretch there. */
  readonly freeBytes: number;
  readonly largestFree: number;
  readonly freeBlocks: number;
  /** 1 - largest free / total free, below the footprint (0 when nothing is free). */
  readonly externalFragmentation: number;
  /** Bytes handed out but not requested / bytes handed out. */
  readonly internalFragmentation: number;
  /** End of the memory handed out so far (bump pointer or break). */
  readonly end: number;
  readonly heapSize: number;
}

/**
 * Measures a driver's heap. O(free blocks): the largest hole needs a walk,
 * unless the strategy's `freeStats` knows it (the Lululucator's index: O(1)).
 */
export function measure(driver: HeapDriver): HeapMetrics {
  const { strategy, live } = driver;
  const footprint = strategy.footprint();
  let freeBytes = 0;
  let largestFree = 0;
  let freeBlocks = 0;
  const known = strategy.freeStats?.() ?? null;
  if (known) {
    freeBytes = known.bytes;
    largestFree = known.largest;
    freeBlocks = known.count;
  } else {
    strategy.walkFreeLists((_list, start, span) => {
      const below = Math.min(start + span, footprint) - start;
      if (below <= 0) return;
      freeBlocks++;
      freeBytes += below;
      if (below > largestFree) largestFree = below;
    });
  }
  return {
    ops: driver.ops,
    failed: driver.failed,
    payload: live.payloadBytes,
    peakPayload: driver.peakPayload,
    liveBlocks: live.liveCount,
    handedOut: live.spanBytes,
    footprint,
    utilization: footprint > 0 ? driver.peakPayload / footprint : 0,
    freeBytes,
    largestFree,
    freeBlocks,
    externalFragmentation: freeBytes > 0 ? 1 - largestFree / freeBytes : 0,
    internalFragmentation: live.spanBytes > 0 ? 1 - live.payloadBytes / live.spanBytes : 0,
    end: strategy.end(),
    heapSize: driver.heapSize,
  };
}
