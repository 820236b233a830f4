import type { HeapPicture } from '../heap/heap-picture.ts';
import { anatomyOf } from '../heap/block-anatomy.ts';
import { formatOffset } from '../format/offsets.ts';
import type { Radix } from '../store/app-state.ts';
import { ALLOCATION_COLORS, listColor, listDash, STRIP_COLORS } from '../theme/palette.ts';
import { axisTicks } from './axis-ticks.ts';
import { rectColumns, type ColumnPainter } from './column-painter.ts';
import { RowContents } from './row-contents.ts';
import { bytesPerPx, layoutRows, pointOf, rowBytes, type RowSpan, type StripGeometry, type StripView } from './strip-geometry.ts';

/**
 * The heap strip's renderer: a pure function of a canvas context, a scene
 * (the heap picture, the view, the selection) and a theme. It draws, row by
 * row, memory never handed out, gaps (metadata, dead memory), every block
 * (allocated ones in their allocation's colour, requested bytes solid and
 * padding shaded, headers and footers banded; free ones hatched with their
 * node in their list's colour), the bump pointer and the ends, an axis of
 * offsets, the heap's bytes when zoomed to bytes, and each free list as
 * arrows from node to node in list order with its head marked.
 *
 * Cost per frame: O(rows * log b + blocks in view) to sort blocks into
 * rows (a first frame read as columns, HeapPicture.columns, lists only the
 * wider blocks and brings its columns summed), then the blocks narrower
 * than {@link MIN_DETAIL_PX} as columns of occupancy, O(pixel columns)
 * whatever their number (column-painter.ts: one image a row in the page,
 * at most two rects a column elsewhere), one rect per wider block, and at
 * most {@link MAX_ARROWS} arrows.
 */

/** The drawing calls the renderer makes (a CanvasRenderingContext2D, or a test's recorder). */
export type StripContext = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'globalAlpha'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'quadraticCurveTo'
  | 'bezierCurveTo'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'fillText'
  | 'save'
  | 'restore'
  | 'setLineDash'
  | 'drawImage'
  | 'imageSmoothingEnabled'
>;

export interface StripScene {
  readonly picture: HeapPicture | null;
  readonly view: StripView;
  readonly geometry: StripGeometry;
  /** The strip's domain: the heap size. */
  readonly heapSize: number;
  /** Block indices (-1: none). */
  readonly selected: number;
  readonly hovered: number;
  /** Outline the free blocks: the current operation failed because none was large enough. */
  readonly tooSmall?: boolean;
  readonly radix: Radix;
  /** Canvas size in CSS pixels. */
  readonly width: number;
  readonly height: number;
}

export interface StripTheme {
  readonly freeFill: string | CanvasPattern;
  readonly gapFill: string | CanvasPattern;
  readonly untouchedFill: string | CanvasPattern;
  readonly font: string;
  readonly smallFont: string;
}

export interface DrawStats {
  readonly rows: number;
  /** Blocks drawn one by one. */
  readonly detailed: number;
  /** What the column painter drew for the columns of narrow blocks: rects, or images. */
  readonly columnRects: number;
  readonly arrows: number;
  /** Links not drawn: past the first MAX_ARROWS of their list. */
  readonly arrowsOmitted: number;
}

/** Blocks narrower than this (in CSS pixels) are drawn as column occupancy. */
export const MIN_DETAIL_PX = 2;
/**
 * Links drawn from the head of each free list: enough to follow the first
 * fit's search. More arrows cover the strip and tell nothing more; each
 * also costs the software rasteriser about 15 µs a frame (a hairline).
 */
export const MAX_ARROWS = 64;
/** From this many pixels a byte, the strip shows each byte's value. */
export const BYTE_TEXT_PX = 18;

const C = STRIP_COLORS;
/** Occupancy of the columns of narrow blocks: allocated bytes from the bottom, free bytes above. */
const COLUMN_COLORS = { allocated: C.aggregatedAllocated, free: C.aggregatedFree } as const;

export function renderStrip(ctx: StripContext, scene: StripScene, theme: StripTheme, contents: RowContents = new RowContents(), columns: ColumnPainter = rectColumns): DrawStats {
  const { picture, view, geometry, heapSize } = scene;
  ctx.fillStyle = C.background;
  ctx.fillRect(0, 0, scene.width, scene.height);
  const rows = layoutRows(view, geometry, heapSize);
  const bpp = bytesPerPx(view, geometry, heapSize);
  let detailed = 0;
  let columnRects = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (picture) {
      contents.fillRow(picture.blocks, row.from, row.to, bpp, geometry.width, MIN_DETAIL_PX);
      // A first frame read as columns for this view: its blocks are the detailed ones only.
      const read = picture.columns?.rows[r];
      if (read && picture.columns!.plan.rows[r].from === row.from) contents.addColumns(read);
      contents.quantise(bpp, geometry.barHeight);
    }
    drawRowBackground(ctx, row, picture ? contents : null, picture, bpp, geometry, theme);
    if (picture) {
      if (contents.lastColumn >= contents.firstColumn) {
        const run = { left: geometry.left, barY: row.barY, height: geometry.barHeight, first: contents.firstColumn, last: contents.lastColumn, allocated: contents.allocatedPx, free: contents.freePx };
        columnRects += columns.paint(ctx, run, COLUMN_COLORS);
      }
      detailed += drawBlocks(ctx, contents, row, picture, bpp, geometry, theme);
      if (1 / bpp >= BYTE_TEXT_PX) drawBytes(ctx, row, picture, bpp, geometry, theme);
      drawMarkers(ctx, row, picture, bpp, geometry, theme);
    }
    drawAxis(ctx, row, view, geometry, heapSize, scene.radix, theme);
  }
  let arrows = 0;
  let arrowsOmitted = 0;
  if (picture) {
    const drawn = drawFreeLists(ctx, scene, picture, theme);
    arrows = drawn.arrows;
    arrowsOmitted = drawn.omitted;
    if (scene.tooSmall) outlineFreeBlocks(ctx, scene, picture);
    if (scene.hovered >= 0 && scene.hovered !== scene.selected) outlineBlock(ctx, scene, picture, scene.hovered, C.hover, 1);
    if (scene.selected >= 0) outlineBlock(ctx, scene, picture, scene.selected, C.selection, 2);
  }
  if (arrowsOmitted > 0) {
    ctx.font = theme.smallFont;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillStyle = C.axisText;
    ctx.fillText(`first ${MAX_ARROWS} links from ${picture && picture.free.names.length > 1 ? 'each head' : 'the head'} drawn, ${arrowsOmitted.toLocaleString('en-US')} more links not drawn`, scene.width - geometry.left, 2);
  }
  return { rows: rows.length, detailed, columnRects, arrows, arrowsOmitted };
}

/** x of byte `offset` in a row (not clipped). */
function xOf(offset: number, row: RowSpan, bpp: number, geometry: StripGeometry): number {
  return geometry.left + (offset - row.from) / bpp;
}

/**
 * Memory never handed out, dotted, and memory handed out, hatched as a gap
 * (what no block covers), each only where the columns drawn next leave it
 * in view: a pattern costs the software rasteriser several times a plain
 * fill (a jump's frame: 2 to 3 ms), and the columns of narrow blocks,
 * opaque and whole pixels, cover most of the strip zoomed out. The pixels
 * are the same as with both patterns under everything.
 */
function drawRowBackground(ctx: StripContext, row: RowSpan, contents: RowContents | null, picture: HeapPicture | null, bpp: number, geometry: StripGeometry, theme: StripTheme): void {
  const left = geometry.left;
  const x1 = xOf(row.to, row, bpp, geometry);
  const end = picture ? Math.min(Math.max(picture.end, row.from), row.to) : row.from;
  const xEnd = xOf(end, row, bpp, geometry);
  if (x1 > xEnd) {
    ctx.fillStyle = theme.untouchedFill;
    ctx.fillRect(Math.floor(xEnd), row.barY, x1 - Math.floor(xEnd), geometry.barHeight);
  }
  if (xEnd <= left) return;
  ctx.fillStyle = theme.gapFill;
  const h = geometry.barHeight;
  const full = (c: number) => contents !== null && c >= contents.firstColumn && c <= contents.lastColumn && contents.allocatedPx[c] + contents.freePx[c] >= h;
  // Runs of columns not covered whole, from the left edge to the end of handed-out memory.
  const last = Math.ceil(xEnd - left) - 1;
  let runStart = -1;
  for (let c = 0; c <= last + 1; c++) {
    const open = c <= last && !full(c);
    if (open && runStart < 0) runStart = c;
    if (!open && runStart >= 0) {
      const from = left + runStart;
      ctx.fillRect(from, row.barY, Math.min(left + c, xEnd) - from, h);
      runStart = -1;
    }
  }
}

/** Blocks wide enough to draw one by one: fills batched by colour, then bands, labels. */
function drawBlocks(ctx: StripContext, contents: RowContents, row: RowSpan, picture: HeapPicture, bpp: number, geometry: StripGeometry, theme: StripTheme): number {
  const n = contents.detailedCount;
  if (n === 0) return 0;
  const { start, span, id, list } = picture.blocks;
  const left = geometry.left;
  const right = xOf(row.to, row, bpp, geometry);
  const y = row.barY;
  const h = geometry.barHeight;
  const clip = (k: number): [number, number] => {
    let x0 = Math.max(left, xOf(start[k], row, bpp, geometry));
    let x1 = Math.min(right, xOf(start[k] + span[k], row, bpp, geometry));
    if (x1 - x0 >= 3) {
      // A one-pixel seam between neighbours.
      x0 += 0.5;
      x1 -= 0.5;
    }
    return [x0, x1];
  };
  // Allocated blocks, one path per palette colour.
  for (let c = 0; c < ALLOCATION_COLORS.length; c++) {
    ctx.beginPath();
    let any = false;
    for (let i = 0; i < n; i++) {
      const k = contents.detailed[i];
      if (id[k] < 0 || id[k] % ALLOCATION_COLORS.length !== c) continue;
      const [x0, x1] = clip(k);
      ctx.rect(x0, y, x1 - x0, h);
      any = true;
    }
    if (any) {
      ctx.fillStyle = ALLOCATION_COLORS[c];
      ctx.fill();
    }
  }
  // Free blocks: hatched, outlined.
  ctx.beginPath();
  let anyFree = false;
  for (let i = 0; i < n; i++) {
    const k = contents.detailed[i];
    if (id[k] >= 0) continue;
    const [x0, x1] = clip(k);
    ctx.rect(x0, y + 0.5, x1 - x0, h - 1);
    anyFree = true;
  }
  if (anyFree) {
    ctx.fillStyle = theme.freeFill;
    ctx.fill();
    ctx.strokeStyle = C.freeEdge;
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  // Bands: header, padding, footer, free nodes; then labels.
  const anatomy = anatomyOf(picture.strategy);
  const header = picture.headerBytes;
  const band = (from: number, to: number, fill: string, top = y, height = h) => {
    const x0 = Math.max(left, xOf(from, row, bpp, geometry));
    const x1 = Math.min(right, xOf(to, row, bpp, geometry));
    if (x1 > x0) {
      ctx.fillStyle = fill;
      ctx.fillRect(x0, top, x1 - x0, height);
    }
  };
  ctx.font = theme.smallFont;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let i = 0; i < n; i++) {
    const k = contents.detailed[i];
    const s = start[k];
    const e = s + span[k];
    const widthPx = span[k] / bpp;
    if (widthPx >= 6) {
      if (id[k] >= 0) {
        const footer = anatomy.footerBytes;
        if (header > 0) band(s, s + header, C.metadataShade);
        band(s + header + picture.requested[k], e - footer, C.paddingShade, y + h * 0.45, h * 0.55);
        if (footer > 0) band(e - footer, e, C.metadataShade);
      } else {
        const bands = anatomy.freeBands(list[k]);
        const color = listColor(list[k]);
        // The node's bytes: a stripe in the list's colour along the top of the block.
        if (bands.head > 0) band(s, Math.min(e, s + bands.head), color, y + 2, 7);
        if (bands.tail > 0) band(Math.max(s, e - bands.tail), e, color, y + 2, 7);
      }
    }
    if (widthPx >= 34 && 1 / bpp < BYTE_TEXT_PX) {
      const [x0, x1] = clip(k);
      if (x1 - x0 < 30) continue;
      const text = id[k] >= 0 ? (x1 - x0 >= 80 ? `#${id[k]} · ${picture.requested[k]} B` : `#${id[k]}`) : x1 - x0 >= 80 ? `free ${span[k]} B` : 'free';
      ctx.fillStyle = id[k] >= 0 ? C.label : C.labelOnDark;
      ctx.fillText(text, x0 + 4, y + h / 2 + (id[k] >= 0 ? 0.5 : 3.5), x1 - x0 - 6);
    }
  }
  return n;
}

/** Each byte's value, in hex, when a byte is wide enough to hold two digits. */
function drawBytes(ctx: StripContext, row: RowSpan, picture: HeapPicture, bpp: number, geometry: StripGeometry, theme: StripTheme): void {
  const bytes = picture.memory.bytes;
  const { start, span, id } = picture.blocks;
  ctx.font = theme.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  let k = 0;
  const first = Math.max(0, Math.floor(row.from));
  const last = Math.min(bytes.length, Math.ceil(row.to));
  while (k < picture.blocks.count && start[k] + span[k] <= first) k++;
  for (let b = first; b < last; b++) {
    while (k < picture.blocks.count && start[k] + span[k] <= b) k++;
    const inBlock = k < picture.blocks.count && start[k] <= b;
    const allocated = inBlock && id[k] >= 0;
    const x = xOf(b + 0.5, row, bpp, geometry);
    ctx.fillStyle = allocated ? C.byteText : C.byteTextOnDark;
    ctx.fillText(bytes[b].toString(16).padStart(2, '0'), x, row.barY + geometry.barHeight - 8);
    if (b % 8 === 0) {
      ctx.fillStyle = allocated ? C.paddingShade : C.axis;
      ctx.fillRect(xOf(b, row, bpp, geometry), row.barY, 1, geometry.barHeight);
    }
  }
}

/** The bump pointer, the end of handed-out memory and the end of the heap. */
function drawMarkers(ctx: StripContext, row: RowSpan, picture: HeapPicture, bpp: number, geometry: StripGeometry, theme: StripTheme): void {
  const marker = (offset: number, color: string, label: string, dashed: boolean) => {
    if (offset < row.from || offset > row.to || (offset === row.from && row.from > 0 && offset !== picture.heapSize)) return;
    const x = Math.round(xOf(offset, row, bpp, geometry)) + 0.5;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dashed ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, row.barY - 8);
    ctx.lineTo(x, row.barY + geometry.barHeight + 4);
    ctx.stroke();
    ctx.restore();
    ctx.font = theme.smallFont;
    ctx.fillStyle = color;
    ctx.textBaseline = 'bottom';
    const rightSide = x + 60 < geometry.left + geometry.width;
    ctx.textAlign = rightSide ? 'left' : 'right';
    ctx.fillText(label, rightSide ? x + 4 : x - 4, row.barY - 1);
  };
  if (picture.bump >= 0) marker(picture.bump, C.bump, 'bump', true);
  else if (picture.end < picture.heapSize) marker(picture.end, C.bump, 'brk', true);
  marker(picture.heapSize, C.end, 'end', false);
}

function drawAxis(ctx: StripContext, row: RowSpan, view: StripView, geometry: StripGeometry, heapSize: number, radix: Radix, theme: StripTheme): void {
  const perRow = rowBytes(view, geometry, heapSize);
  const bpp = bytesPerPx(view, geometry, heapSize);
  const y = row.barY + geometry.barHeight;
  ctx.strokeStyle = C.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.font = theme.smallFont;
  ctx.fillStyle = C.axisText;
  ctx.textBaseline = 'top';
  for (const t of axisTicks(row.from, Math.min(row.to, row.from + perRow), Math.max(2, Math.floor(geometry.width / 130)), radix)) {
    const x = Math.round(xOf(t, row, bpp, geometry)) + 0.5;
    ctx.moveTo(x, y);
    ctx.lineTo(x, y + 4);
    ctx.textAlign = x < geometry.left + 30 ? 'left' : x > geometry.left + geometry.width - 30 ? 'right' : 'center';
    ctx.fillText(formatOffset(t, radix, heapSize), x, y + 5);
  }
  ctx.stroke();
}

/**
 * Arrows along the first {@link MAX_ARROWS} links of each list from its head
 * (the nodes the allocator searches first), where an end is in view, and the
 * links into and out of the selected or hovered node wherever it is in its
 * list; the head of each list marked. Only those nodes are walked: a list of
 * hundreds of thousands of nodes is not (its arrows would cover the strip).
 */
function drawFreeLists(ctx: StripContext, scene: StripScene, picture: HeapPicture, theme: StripTheme): { arrows: number; omitted: number } {
  const lists = picture.free.prefix(MAX_ARROWS + 1);
  if (!lists) return { arrows: 0, omitted: 0 };
  const { view, geometry, heapSize } = scene;
  const bpp = bytesPerPx(view, geometry, heapSize);
  const visibleFrom = view.scroll;
  const visibleTo = view.scroll + rowBytes(view, geometry, heapSize) * geometry.rows;
  const inView = (offset: number) => offset >= visibleFrom && offset < visibleTo;
  const anchor = (s: number, span: number) => {
    const p = pointOf(s + Math.min(span / 2, 5 * bpp), view, geometry, heapSize);
    return { x: p.x, y: p.barY, row: p.row };
  };
  const lane = geometry.barTop - 6;
  // Arrows into and out of the selected or hovered node stand out; the rest step back.
  const focusBlocks = [scene.selected, scene.hovered].filter((k) => k >= 0 && k < picture.blocks.count && picture.blocks.id[k] < 0);
  const focused = (a: number, b: number) => focusBlocks.some((k) => picture.blocks.start[k] === a || picture.blocks.start[k] === b);
  let arrows = 0;
  let omitted = 0;
  const labels: LabelBox[] = [];
  const drawLink = (a: number, spanA: number, b: number, spanB: number, dash: number[]) => {
    if (!inView(a) && !inView(b)) return;
    arrows++;
    const pa = anchor(a, spanA);
    const pb = anchor(b, spanB);
    const focus = focused(a, b);
    ctx.globalAlpha = focus || focusBlocks.length === 0 ? 1 : 0.45;
    // 1 px: a hairline, which the software rasteriser strokes several times faster than a wider line
    // (64 arrows after a million operations: about 1 ms a frame instead of 4).
    ctx.lineWidth = focus ? 2.5 : 1;
    ctx.beginPath();
    ctx.moveTo(pa.x, pa.y);
    let cx: number;
    let cy: number;
    if (pa.row === pb.row) {
      const rise = Math.min(lane, 8 + Math.abs(pb.x - pa.x) * 0.2);
      cx = (pa.x + pb.x) / 2;
      cy = pa.y - rise * 2;
      ctx.quadraticCurveTo(cx, cy, pb.x, pb.y);
    } else {
      cx = pb.x;
      cy = pb.y - lane * 1.6;
      ctx.bezierCurveTo(pa.x, pa.y - lane * 1.6, cx, cy, pb.x, pb.y);
    }
    ctx.stroke();
    drawArrowHead(ctx, cx, cy, pb.x, pb.y, dash);
  };
  ctx.save();
  for (let l = 0; l < lists.length; l++) {
    const list = lists[l];
    if (list.length === 0) continue;
    const color = listColor(l);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    const dash = listDash(l);
    ctx.setLineDash(dash);
    ctx.globalAlpha = 1;
    if (inView(list.start[0])) {
      const head = anchor(list.start[0], list.span[0]);
      drawHead(ctx, head.x, head.y, lists.length > 1 ? shortListName(list.name) : 'head', theme, labels, dash);
    }
    const links = Math.min(list.length - 1, MAX_ARROWS);
    omitted += list.length - 1 - links;
    for (let i = 0; i < links; i++) drawLink(list.start[i], list.span[i], list.start[i + 1], list.span[i + 1], dash);
    // The focused nodes' own links, when they lie past the drawn ones (a walk of the whole list, once per picture).
    for (const k of focusBlocks) {
      if (picture.blocks.list[k] !== l) continue;
      const place = picture.free.placeOf(l, picture.blocks.start[k]);
      const whole = place && place.rank >= links ? picture.free.all() : null;
      if (!place || !whole) continue;
      const nodes = whole[l];
      const r = place.rank;
      if (r - 1 >= links) drawLink(nodes.start[r - 1], nodes.span[r - 1], nodes.start[r], nodes.span[r], dash);
      if (r + 1 < nodes.start.length) drawLink(nodes.start[r], nodes.span[r], nodes.start[r + 1], nodes.span[r + 1], dash);
    }
  }
  ctx.restore();
  return { arrows, omitted };
}

/** A filled arrowhead at (x, y) pointing away from (fromX, fromY). Leaves the line dash solid. */
function drawArrowHead(ctx: StripContext, fromX: number, fromY: number, x: number, y: number, dash: number[]): void {
  const angle = Math.atan2(y - fromY, x - fromX);
  const size = 6;
  if (dash.length > 0) ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - size * Math.cos(angle - 0.45), y - size * Math.sin(angle - 0.45));
  ctx.lineTo(x - size * Math.cos(angle + 0.45), y - size * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
  if (dash.length > 0) ctx.setLineDash(dash);
}

/** A label already placed this frame (CSS pixels). */
interface LabelBox {
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
}

/** A list's name, short enough for a label: "large (address-ordered)" -> "large". */
export function shortListName(name: string): string {
  const cut = name.indexOf(' (');
  return cut > 0 ? name.slice(0, cut) : name;
}

/** Marks a list's head: a triangle on the node, and its label on the first free level above (none if both are taken). */
function drawHead(ctx: StripContext, x: number, barY: number, label: string, theme: StripTheme, placed: LabelBox[], dash: number[]): void {
  if (dash.length > 0) ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(x, barY - 1);
  ctx.lineTo(x - 4, barY - 8);
  ctx.lineTo(x + 4, barY - 8);
  ctx.closePath();
  ctx.fill();
  if (dash.length > 0) ctx.setLineDash(dash);
  const width = label.length * 6.2 + 6;
  for (const y of [barY - 9, barY - 19]) {
    const box = { x0: x - width / 2, x1: x + width / 2, y };
    if (placed.some((p) => p.y === y && p.x0 < box.x1 && box.x0 < p.x1)) continue;
    placed.push(box);
    ctx.font = theme.smallFont;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(label, x, y);
    break;
  }
}

/** Outlines block k on every row it crosses. */
/** Most free blocks outlined when an allocation failed (past that, the inspector's text says it). */
export const MAX_TOO_SMALL_OUTLINES = 2000;

/** Outlines the free blocks in view, up to MAX_TOO_SMALL_OUTLINES. O(blocks in view). */
function outlineFreeBlocks(ctx: StripContext, scene: StripScene, picture: HeapPicture): void {
  const { view, geometry, heapSize } = scene;
  const rows = layoutRows(view, geometry, heapSize);
  if (rows.length === 0) return;
  const from = rows[0].from;
  const to = rows[rows.length - 1].to;
  let drawn = 0;
  for (let k = 0; k < picture.blocks.count && drawn < MAX_TOO_SMALL_OUTLINES; k++) {
    if (picture.blocks.id[k] >= 0) continue;
    const s = picture.blocks.start[k];
    if (s >= to || s + picture.blocks.span[k] <= from) continue;
    outlineBlock(ctx, scene, picture, k, C.tooSmall, 1);
    drawn++;
  }
}

function outlineBlock(ctx: StripContext, scene: StripScene, picture: HeapPicture, k: number, color: string, width: number): void {
  if (k >= picture.blocks.count) return;
  const { view, geometry, heapSize } = scene;
  const bpp = bytesPerPx(view, geometry, heapSize);
  const s = picture.blocks.start[k];
  const e = s + picture.blocks.span[k];
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash([]);
  for (const row of layoutRows(view, geometry, heapSize)) {
    if (e <= row.from || s >= row.to) continue;
    let x0 = xOf(Math.max(s, row.from), row, bpp, geometry);
    let x1 = xOf(Math.min(e, row.to), row, bpp, geometry);
    if (x1 - x0 < 3) {
      const mid = (x0 + x1) / 2;
      x0 = mid - 1.5;
      x1 = mid + 1.5;
    }
    ctx.strokeRect(x0, row.barY - width, x1 - x0, geometry.barHeight + 2 * width);
  }
  ctx.restore();
}

