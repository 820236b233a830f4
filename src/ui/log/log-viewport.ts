/**
 * The geometry of a virtualised list of fixed-height rows: which rows a
 * scroll position shows, where to draw them, and where to scroll to show
 * one. Pure functions, O(1) each.
 *
 * Browsers cap an element's height (Chromium near 33.5 million pixels,
 * Firefox near 17.9 million), so a list taller than MAX_SPACER_HEIGHT is
 * scaled: its spacer is MAX_SPACER_HEIGHT tall and a scroll position maps
 * linearly onto the whole content (top to top, bottom to bottom). Below
 * that height the mapping is the identity and the rows scroll natively.
 */

/** The tallest spacer (CSS pixels): well under every browser's limit. */
export const MAX_SPACER_HEIGHT = 8_000_000;

export interface ListGeometry {
  readonly rows: number;
  readonly rowHeight: number;
  /** The scroll box's inner height. */
  readonly viewHeight: number;
}

/** The rows rendered: [first, end), the first one's top in the spacer's coordinates. */
export interface RowWindow {
  readonly first: number;
  readonly end: number;
  readonly top: number;
}

/** The content's full height. */
export function contentHeight(g: ListGeometry): number {
  return g.rows * g.rowHeight;
}

/** The height the spacer is given. */
export function spacerHeight(g: ListGeometry): number {
  return Math.min(contentHeight(g), MAX_SPACER_HEIGHT);
}

/** The largest scroll position (0 when everything fits). */
export function maxScrollTop(g: ListGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewHeight);
}

/** The largest content offset at the top of the view. */
function maxContentOffset(g: ListGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewHeight);
}

/** The content offset (pixels from the first row's top) at the top of the view, for a scroll position. */
export function contentOffset(scrollTop: number, g: ListGeometry): number {
  const top = Math.min(Math.max(0, scrollTop), maxScrollTop(g));
  const scroll = maxScrollTop(g);
  const content = maxContentOffset(g);
  return scroll === content || scroll === 0 ? top : (top * content) / scroll;
}

/** The scroll position that puts content offset `offset` at the top of the view. */
export function scrollTopFor(offset: number, g: ListGeometry): number {
  const content = maxContentOffset(g);
  const scroll = maxScrollTop(g);
  const at = Math.min(Math.max(0, offset), content);
  return scroll === content || content === 0 ? at : (at * scroll) / content;
}

/** The rows in view at `scrollTop`, with `overscan` more on each side. */
export function rowWindow(scrollTop: number, g: ListGeometry, overscan: number): RowWindow {
  const top = Math.min(Math.max(0, scrollTop), maxScrollTop(g));
  const offset = contentOffset(top, g);
  const first = Math.max(0, Math.floor(offset / g.rowHeight) - overscan);
  const end = Math.min(g.rows, Math.ceil((offset + g.viewHeight) / g.rowHeight) + overscan);
  return { first, end: Math.max(first, end), top: top + first * g.rowHeight - offset };
}

/** Whether row `row` is wholly in view at `scrollTop`. */
export function rowInView(row: number, scrollTop: number, g: ListGeometry): boolean {
  const offset = contentOffset(scrollTop, g);
  const rowTop = row * g.rowHeight;
  return rowTop >= offset - 0.5 && rowTop + g.rowHeight <= offset + g.viewHeight + 0.5;
}

/**
 * The scroll position that shows row `row`, or null when it is in view
 * already. A row just past an edge (within half a view) is brought to that
 * edge, so that stepping scrolls by a row; a farther one is centred.
 */
export function scrollToReveal(row: number, scrollTop: number, g: ListGeometry): number | null {
  if (rowInView(row, scrollTop, g)) return null;
  const offset = contentOffset(scrollTop, g);
  const rowTop = row * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  const near = g.viewHeight / 2;
  let target: number;
  if (rowTop < offset && offset - rowTop <= near) target = rowTop;
  else if (rowBottom > offset + g.viewHeight && rowBottom - offset - g.viewHeight <= near) target = rowBottom - g.viewHeight;
  else target = rowTop + g.rowHeight / 2 - g.viewHeight / 2;
  return scrollTopFor(target, g);
}
