import { useHeapPicture } from '../hooks/use-heap-picture.ts';
import { freeNodeCount } from '../heap/heap-picture.ts';
import { formatOffset } from '../format/offsets.ts';
import { useApp } from '../store/use-app.ts';

/** Blocks, free nodes, the bump pointer and the end, as numbers beside the drawing. */
export function StripSummary() {
  const picture = useHeapPicture();
  const radix = useApp((s) => s.radix);
  if (!picture) return <div className="summary" />;
  const at = (n: number) => formatOffset(n, radix, picture.heapSize);
  const allocated = picture.blocks.count - freeNodeCount(picture);
  return (
    <div className="summary">
      <span>
        <b>{allocated}</b> allocated
      </span>
      <span>
        <b>{freeNodeCount(picture)}</b> free
      </span>
      <span className="summary-bump" data-testid="bump-pointer" data-offset={picture.bump} title="the bump pointer: where fresh memory starts">
        bump <b>{picture.bump >= 0 ? at(picture.bump) : '—'}</b>
      </span>
      <span title="end of the memory handed out so far">
        end <b>{at(picture.end)}</b>
      </span>
      <span title="the heap's size">
        heap <b>{at(picture.heapSize)}</b>
      </span>
    </div>
  );
}
