import { formatBytes } from '../format/offsets.ts';
import { failureOf } from '../store/failure-of.ts';
import { usePaintedApp } from '../store/use-app.ts';

/**
 * Why the operation at hand failed for want of memory: the request against
 * the free bytes in all and the largest hole. The strip outlines the holes
 * that were too small.
 */
export function FailureNote() {
  const failed = usePaintedApp(failureOf);
  const step = usePaintedApp((s) => s.step);
  const error = failed?.error;
  if (!failed || error?.code !== 'out-of-memory') return null;
  const { request, block, totalFree, largestFree } = error;
  const what = failed.op === 'alloc' ? `alloc ${request}` : `realloc #${failed.id} to ${request}`;
  const cause =
    totalFree < block
      ? `only ${formatBytes(totalFree)} are free in all: the heap is simply full`
      : `${formatBytes(totalFree)} are free in all, but the largest hole is ${formatBytes(largestFree)}: fragmentation`;
  return (
    <div className="failure-note" data-testid="failure-note">
      <b>
        {what} failed at step {step}
      </b>
      : it needs a block of {formatBytes(block)}; {cause}. Every free block (outlined on the strip) is smaller than that.
    </div>
  );
}
