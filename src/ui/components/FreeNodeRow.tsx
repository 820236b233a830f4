import { memo } from 'react';
import type { BlockRef } from '../heap/heap-picture.ts';
import { formatOffset } from '../format/offsets.ts';
import type { Radix } from '../store/app-state.ts';

export interface FreeNodeRowProps {
  readonly start: number;
  readonly span: number;
  /** The next node's offset, or -1 for the last node. */
  readonly next: number;
  /** Position in the list, 0 = head. */
  readonly rank: number;
  readonly listName: string;
  readonly selected: boolean;
  readonly radix: Radix;
  readonly heapSize: number;
  readonly onSelect: (ref: BlockRef) => void;
}

/** One node of a free list; its `next` is a link to the next node. */
export const FreeNodeRow = memo(function FreeNodeRow({ start, span, next, rank, listName, selected, radix, heapSize, onSelect }: FreeNodeRowProps) {
  const at = (n: number) => formatOffset(n, radix, heapSize);
  return (
    <tr
      data-testid="free-node"
      data-offset={start}
      data-size={span}
      data-list={listName}
      aria-selected={selected}
      className={selected ? 'selected' : undefined}
      onClick={() => onSelect({ offset: start })}
    >
      <td className="num">{rank === 0 ? 'head' : rank}</td>
      <td className="mono">{at(start)}</td>
      <td className="num">{span}</td>
      <td className="mono">
        {next >= 0 ? (
          <button
            type="button"
            className="link"
            onClick={(e) => {
              e.stopPropagation();
              onSelect({ offset: next });
            }}
          >
            → {at(next)}
          </button>
        ) : (
          <span className="muted">NIL</span>
        )}
      </td>
    </tr>
  );
});
