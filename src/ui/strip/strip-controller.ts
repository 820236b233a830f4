import { select, type Selection } from 'd3-selection';
import { zoom, ZoomTransform, type ZoomBehavior } from 'd3-zoom';
import type { HeapPicture, BlockRef } from '../heap/heap-picture.ts';
import { refOfBlock, resolveBlock } from '../heap/heap-picture.ts';
import type { Radix } from '../store/app-state.ts';
import { hitTest, type StripHit } from './hit-test.ts';
import { BYTE_TEXT_PX, MIN_DETAIL_PX, renderStrip, type StripTheme } from './render-strip.ts';
import type { FramePlan } from './frame-columns.ts';
import { BitmapColumns, rectColumns, type ColumnPainter } from './column-painter.ts';
import { RowContents } from './row-contents.ts';
import { bytesPerPx, clampView, DEFAULT_VIEW, fitGeometry, layoutRows, maxZoom, pointOf, transformOf, unrolledAt, viewFitting, viewOf, type StripGeometry, type StripView } from './strip-geometry.ts';
import { createStripTheme } from './strip-theme.ts';

/**
 * Owns the strip's canvas outside React: draws in an animation frame when
 * the heap's version, the selection, the view or the hover changed; zoom
 * and pan through d3-zoom (wheel zooms around the pointer, drag pans, a
 * vertical drag scrolls rows); a click selects the block under the pointer.
 *
 * Invariants: at most one frame is pending; the view is always clamped; the
 * zoom behaviour's transform and the view describe the same thing.
 */

export interface StripSources {
  /** The latest picture: whole, or with gaps merged below what the strip draws one by one (HeapPicture.mergedBelow). */
  picture(): HeapPicture | null;
  /** The whole picture of the latest version, read now if need be (absent: `picture` is always whole). */
  wholePicture?(): HeapPicture | null;
  /** The latest heap as it can be drawn with `plan`, read again for it where it must and can be (HeapReader.framePictureFor); null: it cannot. */
  pictureFor?(plan: FramePlan): HeapPicture | null;
  subscribePicture(listener: () => void): () => void;
  selection(): BlockRef | null;
  radix(): Radix;
  /** Whether the current operation failed for want of a large enough free block. */
  tooSmall?(): boolean;
  /** Calls `listener` when the selection, the radix or the current operation changes. */
  subscribeState(listener: () => void): () => void;
  select(ref: BlockRef | null): void;
  /** The pointer is over `hit` (null: left the strip); client coordinates for a tooltip. */
  hover(hit: StripHit | null, clientX: number, clientY: number): void;
  /** The view changed (zoom, pan, resize). */
  viewChanged?(view: StripView): void;
}

/** The draw times kept for the benchmark (ms, most recent last). */
const STATS_KEPT = 600;

export class StripController {
  private geometry: StripGeometry = fitGeometry(800, 300);
  private cssWidth = 800;
  private cssHeight = 300;
  private view: StripView = DEFAULT_VIEW;
  private heapSize = 0;
  private frame = 0;
  private hovered = -1;
  private readonly contents = new RowContents();
  /** The frame plan of the last view, size and heap size it was asked for. */
  private plan: { view: StripView; geometry: StripGeometry; heapSize: number; plan: FramePlan } | null = null;
  /** The columns of narrow blocks as one image a row where the browser has OffscreenCanvas, else as rects. */
  private readonly columns: ColumnPainter = typeof OffscreenCanvas === 'function' ? new BitmapColumns() : rectColumns;
  private readonly theme: StripTheme;
  private readonly selection: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private readonly behaviour: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly cleanups: (() => void)[] = [];
  /** Recent draw durations, ms. */
  readonly drawTimes: number[] = [];
  /** The version of the picture last drawn (-1: none). */
  drawnVersion = -1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly sources: StripSources,
  ) {
    this.theme = createStripTheme();
    this.selection = select(canvas);
    this.behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 1])
      .clickDistance(4)
      // Drags pan; the wheel is ours (it zooms around the unrolled pointer); no double-click zoom.
      .filter((event) => event.type !== 'wheel' && event.type !== 'dblclick' && !event.button)
      .constrain((t) => this.constrain(t))
      .on('zoom', (event) => {
        this.view = clampView(viewOf(event.transform, this.geometry, this.domain()), this.geometry, this.domain());
        this.sources.viewChanged?.(this.view);
        this.request();
      });
    this.selection.call(this.behaviour);

    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { x, y } = this.local(event);
      const scale = event.deltaMode === 1 ? 0.05 : event.deltaMode === 2 ? 1 : 0.002;
      this.behaviour.scaleBy(this.selection, 2 ** (-event.deltaY * scale), [unrolledAt(x, y, this.geometry), 0]);
    };
    const onClick = (event: MouseEvent) => {
      const picture = this.wholePicture();
      const { x, y } = this.local(event);
      const hit = hitTest(picture, this.view, this.geometry, this.domain(), x, y);
      if (!picture || !hit) return;
      this.sources.select(hit.block >= 0 ? refOfBlock(picture, hit.block) : null);
    };
    const onMove = (event: PointerEvent) => {
      const { x, y } = this.local(event);
      const hit = hitTest(this.wholePicture(), this.view, this.geometry, this.domain(), x, y);
      const block = hit ? hit.block : -1;
      if (block !== this.hovered) {
        this.hovered = block;
        this.request();
      }
      this.sources.hover(hit, event.clientX, event.clientY);
    };
    const onLeave = () => {
      this.hovered = -1;
      this.sources.hover(null, 0, 0);
      this.request();
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('click', onClick);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', onLeave);
    this.cleanups.push(
      () => canvas.removeEventListener('wheel', onWheel),
      () => canvas.removeEventListener('click', onClick),
      () => canvas.removeEventListener('pointermove', onMove),
      () => canvas.removeEventListener('pointerleave', onLeave),
      sources.subscribePicture(() => this.onPicture()),
      sources.subscribeState(() => this.request()),
    );
    this.onPicture();
  }

  /** The canvas's CSS size changed. */
  resize(cssWidth: number, cssHeight: number): void {
    if (cssWidth === this.cssWidth && cssHeight === this.cssHeight && this.canvas.width > 0) return;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(cssWidth * dpr));
    this.canvas.height = Math.max(1, Math.round(cssHeight * dpr));
    this.geometry = fitGeometry(cssWidth, cssHeight);
    this.setView(this.view);
  }

  /** Shows `view` (clamped). */
  setView(view: StripView): void {
    const domain = this.domain();
    this.behaviour.scaleExtent([1, maxZoom(this.geometry, domain)]);
    const clamped = clampView(view, this.geometry, domain);
    const t = transformOf(clamped, this.geometry, domain);
    this.behaviour.transform(this.selection, new ZoomTransform(t.k, t.x, 0));
    this.view = clamped;
    this.request();
  }

  currentView(): StripView {
    return this.view;
  }

  /** The whole heap. */
  showAll(): void {
    this.setView(DEFAULT_VIEW);
  }

  /** Bytes [0, end): what was handed out so far. */
  showUsed(): void {
    const picture = this.sources.picture();
    const end = picture ? Math.max(64, picture.bump >= 0 ? picture.bump : picture.end) : this.domain();
    this.setView(viewFitting(0, end * 1.05, this.geometry, this.domain()));
  }

  /** Bytes [0, end), as wide as the strip allows: what a whole trace will hand out. */
  showUpTo(end: number): void {
    this.setView(viewFitting(0, Math.max(64, end) * 1.05, this.geometry, this.domain()));
  }

  /**
   * Bytes from which a block is drawn on its own at this zoom, a whole
   * number (blocks span whole bytes); narrower ones are drawn as bytes a
   * column, so gaps of free blocks narrower than this may be read as one
   * block (HeapReader.mergeGapsBelow), and the worker lists the free blocks
   * of at least this many bytes exactly. O(1).
   */
  detailSpan(): number {
    return Math.ceil(MIN_DETAIL_PX * bytesPerPx(this.view, this.geometry, this.domain()));
  }

  /**
   * What the strip draws at this view, for a first frame of a new heap read
   * as bytes a pixel column (HeapPicture.columns): the same object while
   * the view, the canvas size and the heap size hold. Null when a frame
   * needs more than that: a selection to outline, a failure's holes to
   * outline, bytes shown one by one. O(rows) for a new one, else O(1).
   */
  framePlan(): FramePlan | null {
    if (this.sources.selection() !== null || (this.sources.tooSmall?.() ?? false)) return null;
    const heapSize = this.domain();
    const bpp = bytesPerPx(this.view, this.geometry, heapSize);
    if (1 / bpp >= BYTE_TEXT_PX) return null;
    const last = this.plan;
    if (last && last.view === this.view && last.geometry === this.geometry && last.heapSize === heapSize) return last.plan;
    const plan = { rows: layoutRows(this.view, this.geometry, heapSize), bpp, width: this.geometry.width, minSpan: this.detailSpan() };
    this.plan = { view: this.view, geometry: this.geometry, heapSize, plan };
    return plan;
  }

  /** Zooms by `factor` around the middle of the view. */
  zoomBy(factor: number): void {
    const middle = (this.geometry.width * this.geometry.rows) / 2;
    this.behaviour.scaleBy(this.selection, factor, [middle, 0]);
  }

  /** Client coordinates of byte `offset` (the middle of its bar), or null when it is not in view. */
  clientPointOf(offset: number): { x: number; y: number } | null {
    const p = pointOf(offset, this.view, this.geometry, this.domain());
    if (p.row < 0 || p.row >= this.geometry.rows) return null;
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.barY + this.geometry.barHeight / 2 };
  }

  /** Draws now (the benchmark's zoom loop and tests). Returns the time it took, ms. */
  drawNow(): number {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    return this.draw();
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.selection.on('.zoom', null);
    for (const cleanup of this.cleanups) cleanup();
  }

  /** Asks for a frame (at most one pending). */
  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private domain(): number {
    return this.heapSize > 0 ? this.heapSize : 1;
  }

  private onPicture(): void {
    const picture = this.sources.picture();
    if (picture && picture.heapSize !== this.heapSize) {
      this.heapSize = picture.heapSize;
      this.setView(DEFAULT_VIEW);
    }
    this.request();
  }

  /** The whole picture of what is drawn, for hit tests (null when the heap has moved past it). */
  private wholePicture(): HeapPicture | null {
    const picture = this.sources.picture();
    if (!picture || picture.mergedBelow === 0) return picture;
    const whole = this.sources.wholePicture?.() ?? null;
    return whole && whole.version === picture.version && whole.epoch === picture.epoch ? whole : null;
  }

  /**
   * What to draw: the latest picture if it is exact at this view (read as
   * columns for this very plan, or read again for it; or its merged gaps
   * narrower than a block drawn on its own and no failure asking for every
   * free block outlined), else the whole one; null when neither is
   * (the heap moved on: its next picture is coming).
   */
  private pictureToDraw(): HeapPicture | null {
    let picture = this.sources.picture();
    if (picture?.columns) {
      // Read as columns for a view the strip has left: read again for this one, where the reader can.
      const plan = this.framePlan();
      if (picture.columns.plan !== plan) picture = plan ? (this.sources.pictureFor?.(plan) ?? null) : null;
      if (!picture) return this.wholePicture();
      if (picture.columns) return picture;
    }
    if (!picture || picture.mergedBelow === 0) return picture;
    if (picture.mergedBelow <= this.detailSpan() && !(this.sources.tooSmall?.() ?? false)) return picture;
    return this.wholePicture();
  }

  private draw(): number {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return 0;
    const t0 = performance.now();
    const latest = this.sources.picture();
    const picture = this.pictureToDraw();
    // The heap moved past a picture that cannot be drawn at this zoom: the next one will be.
    if (latest && !picture) return 0;
    const dpr = this.canvas.width / Math.max(1, this.cssWidth);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const selected = picture ? resolveBlock(picture, this.sources.selection()) : -1;
    // The hovered index is the whole picture's (hit tests use it): none on a merged one.
    const hovered = picture && picture.mergedBelow === 0 && this.hovered < picture.blocks.count ? this.hovered : -1;
    renderStrip(
      ctx,
      {
        picture,
        view: this.view,
        geometry: this.geometry,
        heapSize: this.domain(),
        selected,
        hovered,
        tooSmall: this.sources.tooSmall?.() ?? false,
        radix: this.sources.radix(),
        width: this.cssWidth,
        height: this.cssHeight,
      },
      this.theme,
      this.contents,
      this.columns,
    );
    const ms = performance.now() - t0;
    this.drawTimes.push(ms);
    if (this.drawTimes.length > STATS_KEPT) this.drawTimes.splice(0, this.drawTimes.length - STATS_KEPT);
    if (picture) {
      this.drawnVersion = picture.version;
      this.canvas.dataset.drawnVersion = String(picture.version);
      this.canvas.dataset.drawnBlocks = String(picture.blocks.count);
    }
    this.canvas.dispatchEvent(new CustomEvent('strip-drawn', { detail: { version: this.drawnVersion, ms, at: performance.now() } }));
    return ms;
  }

  /** d3-zoom's constraint: a vertical drag scrolls rows (folded into x), and the view stays in the heap. */
  private constrain(t: ZoomTransform): ZoomTransform {
    const total = this.geometry.width * this.geometry.rows;
    let x = t.x + (t.y * this.geometry.width) / this.geometry.rowPitch;
    x = Math.min(0, Math.max(total * (1 - t.k), x));
    return x === t.x && t.y === 0 ? t : new ZoomTransform(t.k, x, 0);
  }

  private local(event: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }
}
