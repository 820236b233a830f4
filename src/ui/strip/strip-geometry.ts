/**
 * Where bytes go on the heap strip. The heap is one long line of bytes that
 * wraps into rows of equal width, like a hex dump: byte `b` is at unrolled
 * pixel `u = (b - scroll) / bytesPerPx`, on row `floor(u / width)`, at
 * `x = u mod width`. Zoom 1 fits the whole heap in the visible rows; zoom z
 * shows 1/z of it, from `scroll` on. Pure functions, O(1) each.
 *
 * The view has the scenario format's meaning (`zoom`, `scroll` in bytes),
 * independent of the window's size.
 */

export interface StripView {
  /** 1 = the whole heap fits; 2 = half of it. */
  readonly zoom: number;
  /** The heap offset at the top-left corner, in bytes. */
  readonly scroll: number;
}

export interface StripGeometry {
  /** Width of a row, in CSS pixels. */
  readonly width: number;
  /** Rows on the canvas. */
  readonly rows: number;
  /** Pixels from one row's top to the next. */
  readonly rowPitch: number;
  /** Pixels from a row's top to its bar (the lane above holds the free list's arrows). */
  readonly barTop: number;
  readonly barHeight: number;
  /** The drawing's left and top margins. */
  readonly left: number;
  readonly top: number;
}

/** Smallest pixel count a byte may take at the strongest zoom. */
export const MAX_PX_PER_BYTE = 48;

export const DEFAULT_VIEW: StripView = { zoom: 1, scroll: 0 };

/** The least height of a row: the arrow lane, the bar, the axis. */
export const MIN_ROW_PITCH = 68;

/** The geometry that fits a canvas of `cssWidth` x `cssHeight`: as many rows as fit, sharing the height. */
export function fitGeometry(cssWidth: number, cssHeight: number): StripGeometry {
  const left = 12;
  const top = 6;
  const rows = Math.max(1, Math.floor((cssHeight - top) / MIN_ROW_PITCH));
  const rowPitch = Math.max(MIN_ROW_PITCH, Math.floor((cssHeight - top) / rows));
  const barTop = Math.min(40, 24 + Math.floor((rowPitch - MIN_ROW_PITCH) / 2));
  return { width: Math.max(16, cssWidth - 2 * left), rows, rowPitch, barTop, barHeight: 30, left, top };
}

/** Bytes under one pixel. */
export function bytesPerPx(view: StripView, geometry: StripGeometry, heapSize: number): number {
  return heapSize / (geometry.width * geometry.rows * view.zoom);
}

/** Bytes in one row. */
export function rowBytes(view: StripView, geometry: StripGeometry, heapSize: number): number {
  return heapSize / (geometry.rows * view.zoom);
}

/** The strongest zoom: one byte takes MAX_PX_PER_BYTE pixels. */
export function maxZoom(geometry: StripGeometry, heapSize: number): number {
  return Math.max(1, (heapSize * MAX_PX_PER_BYTE) / (geometry.width * geometry.rows));
}

/** The view brought inside its bounds: zoom in [1, max], the visible bytes inside the heap. */
export function clampView(view: StripView, geometry: StripGeometry, heapSize: number): StripView {
  const zoom = Math.min(maxZoom(geometry, heapSize), Math.max(1, Number.isFinite(view.zoom) ? view.zoom : 1));
  const visible = heapSize / zoom;
  const scroll = Math.min(Math.max(0, heapSize - visible), Math.max(0, Number.isFinite(view.scroll) ? view.scroll : 0));
  return { zoom, scroll };
}

export interface RowSpan {
  readonly row: number;
  /** First byte of the row. */
  readonly from: number;
  /** End of the row's bytes (exclusive), at most the heap size. */
  readonly to: number;
  /** Top of the row's bar, in CSS pixels. */
  readonly barY: number;
}

/** The visible rows that hold heap bytes. O(rows). */
export function layoutRows(view: StripView, geometry: StripGeometry, heapSize: number): RowSpan[] {
  const perRow = rowBytes(view, geometry, heapSize);
  const out: RowSpan[] = [];
  for (let row = 0; row < geometry.rows; row++) {
    const from = view.scroll + row * perRow;
    if (from >= heapSize) break;
    out.push({ row, from, to: Math.min(heapSize, from + perRow), barY: geometry.top + row * geometry.rowPitch + geometry.barTop });
  }
  return out;
}

export interface StripPoint {
  readonly row: number;
  /** CSS pixels from the canvas's left edge. */
  readonly x: number;
  /** Top of the row's bar. */
  readonly barY: number;
}

/** Where byte `offset` is drawn; its row may be outside [0, rows) when the byte is not in view. */
export function pointOf(offset: number, view: StripView, geometry: StripGeometry, heapSize: number): StripPoint {
  const u = (offset - view.scroll) / bytesPerPx(view, geometry, heapSize);
  const row = Math.floor(u / geometry.width);
  return { row, x: geometry.left + (u - row * geometry.width), barY: geometry.top + row * geometry.rowPitch + geometry.barTop };
}

/**
 * The byte offset under a point, or null when the point is on no row's bar
 * lane (`slack` pixels above and below the bar count as the bar).
 */
export function offsetAt(x: number, y: number, view: StripView, geometry: StripGeometry, heapSize: number, slack = 4): number | null {
  const row = Math.floor((y - geometry.top) / geometry.rowPitch);
  if (row < 0 || row >= geometry.rows) return null;
  const inRow = y - geometry.top - row * geometry.rowPitch;
  if (inRow < geometry.barTop - slack || inRow > geometry.barTop + geometry.barHeight + slack) return null;
  const col = x - geometry.left;
  if (col < 0 || col >= geometry.width) return null;
  const offset = view.scroll + (row * geometry.width + col) * bytesPerPx(view, geometry, heapSize);
  return offset >= 0 && offset < heapSize ? offset : null;
}

/** The unrolled pixel of a point: `row * width + x` (the coordinate d3-zoom works in). */
export function unrolledAt(x: number, y: number, geometry: StripGeometry): number {
  const row = Math.min(geometry.rows - 1, Math.max(0, Math.floor((y - geometry.top) / geometry.rowPitch)));
  return row * geometry.width + Math.min(geometry.width, Math.max(0, x - geometry.left));
}

/** d3-zoom's transform (in unrolled pixels) for a view: `k = zoom`, `x = -scroll` in pixels at that zoom. */
export function transformOf(view: StripView, geometry: StripGeometry, heapSize: number): { k: number; x: number } {
  const total = geometry.width * geometry.rows;
  return { k: view.zoom, x: (-view.scroll * total * view.zoom) / heapSize };
}

/** The view of a d3-zoom transform (inverse of transformOf). */
export function viewOf(transform: { k: number; x: number }, geometry: StripGeometry, heapSize: number): StripView {
  const total = geometry.width * geometry.rows;
  return { zoom: transform.k, scroll: (-transform.x * heapSize) / (total * transform.k) };
}

/** The view that shows bytes [from, to) as large as the rows allow. */
export function viewFitting(from: number, to: number, geometry: StripGeometry, heapSize: number): StripView {
  const span = Math.max(1, to - from);
  return clampView({ zoom: heapSize / span, scroll: from }, geometry, heapSize);
}
