import { decodeSparse, lastWrittenGroup, valuesBefore, zeroSince, type SparseImage } from './sparse-image.ts';

/**
 * The heap's part of a restore over groups [fromGroup, toGroup) (32 cells
 * each): clear what the heap may hold there, then write the target image's
 * cells. Jobs over disjoint ranges touch disjoint cells, so two threads can
 * run the two halves of one restore side by side.
 */
export interface HeapRestoreJob {
  /** The heap's image at its last snapshot or restore... */
  readonly base: SparseImage;
  /** ...and the groups written since (HeapMemory.written). */
  readonly written: Uint32Array;
  /** The image to put back. */
  readonly target: SparseImage;
  /** The heap's cells. */
  readonly into: Uint32Array;
  readonly fromGroup: number;
  readonly toGroup: number;
}

/**
 * Groups cleared then written at a time (32 KiB of heap): the target's
 * cells land in cache lines the clearing has just brought in, where one
 * pass of each over the whole range would bring every line in twice.
 */
const RESTORE_CHUNK_GROUPS = 256;

/** Runs `job`. O(groups and cells of the range + target mask words before it). */
export function runHeapRestore(job: HeapRestoreJob): void {
  const { base, written, target, into, fromGroup, toGroup } = job;
  const lastWritten = lastWrittenGroup(written);
  const end = Math.min(toGroup, Math.max(base.mask.length, target.mask.length, lastWritten + 1));
  let value = fromGroup === 0 ? 0 : valuesBefore(target, fromGroup);
  for (let from = fromGroup; from < end; from += RESTORE_CHUNK_GROUPS) {
    const to = Math.min(end, from + RESTORE_CHUNK_GROUPS);
    zeroSince(base, into, written, from, to, lastWritten);
    value = decodeSparse(target, into, from, to, value);
  }
}

/**
 * Another thread that runs part of a restore while the driver runs the rest
 * (the live table, the search index, its own part of the heap). In the
 * page on this machine's two cores, a restore of the benchmark's
 * million-operation trace takes 6.2 ms instead of 7.5 at the median, 12 at
 * the 95th percentile instead of 14: the two threads share one memory bus.
 */
export interface RestoreHelper {
  /** Hands `job` over; false when the helper cannot take it (the caller runs it itself). */
  begin(job: HeapRestoreJob): boolean;
  /** Returns once the job handed over is done: waits for the helper, or runs it here if the helper has not started it. */
  end(): void;
}

/**
 * The share of a restore's groups handed to a helper: the driver keeps the
 * rest and also restores the live table and the search index, about half
 * as long as the heap's cells on the Lululucator, so the two threads finish
 * together near two thirds (0.9 measured no better).
 */
export const HELPER_SHARE = 2 / 3;

/** Below this many groups (1 MiB of heap) a restore is not worth a second thread. */
export const HELPER_MIN_GROUPS = 8192;
