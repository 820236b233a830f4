import type { StripContext } from './render-strip.ts';

/**
 * Paints a row's columns of narrow blocks (render-strip.ts): column c, at
 * x = left + c, holds `allocated[c]` pixels of allocated bytes from the
 * bar's bottom and `free[c]` pixels of free bytes above them (whole pixels,
 * at most the bar's height together); the rest of the column is left as it
 * was. Returns what it drew: rects, or images.
 */
export interface ColumnPainter {
  paint(ctx: StripContext, columns: ColumnRun, colors: ColumnColors): number;
}

/** The columns [first, last] of one row, in pixels. */
export interface ColumnRun {
  readonly left: number;
  readonly barY: number;
  readonly height: number;
  readonly first: number;
  readonly last: number;
  readonly allocated: Uint16Array;
  readonly free: Uint16Array;
}

/** CSS colours, `#rrggbb`. */
export interface ColumnColors {
  readonly allocated: string;
  readonly free: string;
}

/**
 * One fillRect per run of equal neighbouring columns, per part: at most two
 * a column. Any context can take it (the tests' recorder too); the software
 * rasteriser pays for each rect. O(columns).
 */
export const rectColumns: ColumnPainter = {
  paint(ctx, run, colors) {
    const { left, height: h, first, last, allocated, free } = run;
    const bottom = run.barY + h;
    let rects = 0;
    for (const part of ['allocated', 'free'] as const) {
      ctx.fillStyle = part === 'allocated' ? colors.allocated : colors.free;
      let runStart = -1;
      let runA = -1;
      let runF = -1;
      const flush = (end: number) => {
        if (runStart < 0) return;
        const height = part === 'allocated' ? runA : runF;
        if (height > 0) {
          ctx.fillRect(left + runStart, part === 'allocated' ? bottom - runA : bottom - runA - runF, end - runStart, height);
          rects++;
        }
      };
      for (let c = first; c <= last + 1; c++) {
        const a = c <= last ? allocated[c] : -1;
        const f = c <= last ? free[c] : -1;
        if (a !== runA || f !== runF) {
          flush(c);
          runStart = c;
          runA = a;
          runF = f;
        }
      }
    }
    return rects;
  },
};

/**
 * Writes the columns [first, last] into `pixels`, a bitmap `stride` pixels
 * wide and `run.height` tall whose column c is the row's column c: the
 * colours (RGBA bytes in memory order, as ImageData holds them) where
 * {@link ColumnPainter} says, transparent elsewhere. O(columns × height).
 */
export function fillColumnPixels(pixels: Uint32Array, stride: number, run: ColumnRun, allocatedPixel: number, freePixel: number): void {
  const h = run.height;
  for (let c = run.first; c <= run.last; c++) {
    const a = run.allocated[c];
    const top = h - a - run.free[c];
    let i = c;
    for (let y = 0; y < h; y++, i += stride) pixels[i] = y < top ? 0 : y < h - a ? freePixel : allocatedPixel;
  }
}

/** `#rrggbb` as the 32-bit pixel that holds its RGBA bytes (opaque) in memory order on this machine. */
export function pixelOf(color: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`not a #rrggbb colour: ${color}`);
  const bytes = new Uint8Array([parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16), 255]);
  return new Uint32Array(bytes.buffer)[0];
}

/**
 * The columns as one image a row: written pixel by pixel into a bitmap,
 * put on a canvas of its own, drawn onto the strip with one drawImage
 * (scaled by the strip's transform, without smoothing: columns stay
 * crisp; at a whole device pixel ratio the pixels are those of the rects,
 * at 1.5 the columns' edges are not blended). A blit instead of thousands
 * of rects. Measured on 40 heaps of a million-operation trace, whole heap
 * in view, in headless Chromium (software raster, forced by a one-pixel
 * read): the strip's draw and raster took 9.4-9.7 ms instead of
 * 10.3-10.4 at the median, 13.8-14.7 instead of 16.2-17.2 at the 95th
 * percentile. Memory: 4 bytes × the widest row × the bar's height (170 KB
 * for a 1,440 px strip).
 */
export class BitmapColumns implements ColumnPainter {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  private colors: ColumnColors | null = null;
  private allocatedPixel = 0;
  private freePixel = 0;

  paint(ctx: StripContext, run: ColumnRun, colors: ColumnColors): number {
    const width = run.last + 1;
    const h = run.height;
    if (!this.canvas || !this.image || this.image.width < width || this.image.height !== h) this.allocate(width, h);
    if (this.colors !== colors) {
      this.colors = colors;
      this.allocatedPixel = pixelOf(colors.allocated);
      this.freePixel = pixelOf(colors.free);
    }
    const image = this.image!;
    fillColumnPixels(this.pixels, image.width, run, this.allocatedPixel, this.freePixel);
    const n = run.last - run.first + 1;
    this.context!.putImageData(image, 0, 0, run.first, 0, n, h);
    const smoothing = ctx.imageSmoothingEnabled;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas!, run.first, 0, n, h, run.left + run.first, run.barY, n, h);
    ctx.imageSmoothingEnabled = smoothing;
    return 1;
  }

  private allocate(width: number, height: number): void {
    const w = Math.max(width, this.image?.width ?? 0);
    this.canvas = new OffscreenCanvas(w, height);
    this.context = this.canvas.getContext('2d');
    if (!this.context) throw new Error('no 2D context for the strip\'s columns');
    this.image = new ImageData(w, height);
    this.pixels = new Uint32Array(this.image.data.buffer);
  }
}
