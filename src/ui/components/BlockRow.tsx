import { memo } from 'react';
import type { BlockRef } from '../heap/heap-picture.ts';
import { formatOffset } from '../format/offsets.ts';
import type { Radix } from '../store/app-state.ts';
import { allocationColor, listColor } from '../theme/palette.ts';

export interface BlockRowProps {
  readonly start: number;
  readonly span: number;
  /** -1 for a free block. */
  readonly id: number;
  readonly requested: number;
  readonly list: number;
  /** The list's name, for strategies with several lists (else empty). */
  readonly listName: string;
  readonly selected: boolean;
  readonly radix: Radix;
  readonly heapSize: number;
  readonly onSelect: (ref: BlockRef) => void;
}

/** One row of the block list (re-renders only when its own block changes). */
export const BlockRow = memo(function BlockRow({ start, span, id, requested, list, listName, selected, radix, heapSize, onSelect }: BlockRowProps) {
  const allocated = id >= 0;
  return (
    <tr
      data-testid="block"
      data-offset={start}
      data-size={span}
      data-state={allocated ? 'allocated' : 'free'}
      data-id={allocated ? id : undefined}
      data-requested={allocated ? requested : undefined}
      aria-selected={selected}
      className={selected ? 'selected' : undefined}
      onClick={() => onSelect(allocated ? { id } : { offset: start })}
    >
      <td className="mono">{formatOffset(start, radix, heapSize)}</td>
      <td className="num">{span}</td>
      <td>
        <span className={`state state-${allocated ? 'allocated' : 'free'}`}>
          <i style={{ background: allocated ? allocationColor(id) : listColor(list) }} aria-hidden="true" />
          {allocated ? 'allocated' : listName ? `free · ${listName}` : 'free'}
        </span>
      </td>
      <td className="num">{allocated ? `#${id}` : ''}</td>
      <td className="num">{allocated ? requested : ''}</td>
    </tr>
  );
});
