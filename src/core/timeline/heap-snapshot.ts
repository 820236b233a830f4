import type { OpError } from '../failure.ts';
import type { StrategyCache, StrategyName } from '../strategy.ts';
import { liveTableSnapshotBytes, type LiveTableSnapshot } from './live-table-snapshot.ts';
import { sparseBytes, type SparseImage } from './sparse-image.ts';

/**
 * A driver's whole state at one moment, as `HeapDriver.snapshot` takes it and
 * `HeapDriver.restore` puts it back: the heap's bytes and the register file
 * (both as sparse images: only non-zero 32-bit cells are stored), the table
 * of live blocks and the driver's counters, and a copy of the strategy's
 * derived caches where it keeps one (null elsewhere): strategies keep all
 * their state in registers and heap bytes, the caches only save work.
 *
 * Invariant: every heap cell at or above `heap.cells` was 0 when the
 * snapshot was taken.
 */
export interface HeapSnapshot {
  readonly strategy: StrategyName;
  readonly heapSize: number;
  /** The heap as 32-bit cells. */
  readonly heap: SparseImage;
  /** The registers as 32-bit cells. */
  readonly regs: SparseImage;
  readonly live: LiveTableSnapshot;
  readonly ops: number;
  readonly failed: number;
  readonly peakPayload: number;
  readonly lastError: OpError | null;
  readonly cache: StrategyCache | null;
}

/** Fixed cost of a snapshot beside its arrays (objects, array headers), counted in budgets. */
const SNAPSHOT_OVERHEAD = 512;

/** Bytes a snapshot holds in memory. O(1). */
export function heapSnapshotBytes(s: HeapSnapshot): number {
  const cache = s.cache ? s.cache.arrays.reduce((sum, a) => sum + a.byteLength, 0) : 0;
  return sparseBytes(s.heap) + sparseBytes(s.regs) + liveTableSnapshotBytes(s.live) + cache + SNAPSHOT_OVERHEAD;
}
