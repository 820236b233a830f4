import { useRef, useState, type UIEvent } from 'react';
import { useElementSize } from './use-element-size.ts';

/** Row height in CSS pixels of the tables of rows (the stylesheet's `table.rows td`). */
export const ROW_HEIGHT = 22;
/** Above this many rows only the rows in view (and an overscan) are in the document. */
export const VIRTUAL_FROM = 400;
const OVERSCAN = 4;

/**
 * Which rows of a scrolling table of `count` rows of {@link ROW_HEIGHT} to
 * put in the document: all of a short table, the rows in view of a long one
 * (spacers stand for the rest), so a list of hundreds of thousands of rows
 * costs a few dozen rows of layout. `scrollTop` is tracked from scroll events,
 * never read from the box (that would force a layout of the page).
 */
export function useVirtualRows(count: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const scrollTopRef = useRef(0);
  const { height } = useElementSize(scrollRef);
  const virtual = count > VIRTUAL_FROM;
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = virtual ? Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN) : count;
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    scrollTopRef.current = e.currentTarget.scrollTop;
    if (virtual) setScrollTop(e.currentTarget.scrollTop);
  };
  return { scrollRef, scrollTopRef, height, first, last, onScroll };
}
