import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillColumnPixels, pixelOf, rectColumns, type ColumnRun } from '../../src/ui/strip/column-painter.ts';
import { RecordingContext } from '../support/recording-context.ts';

const COLORS = { allocated: '#b9c6d8', free: '#4a5a6c' };
const ALLOCATED = pixelOf(COLORS.allocated);
const FREE = pixelOf(COLORS.free);

/** A row's columns: per column, allocated and free pixel heights that fit in the bar. */
const runs = fc
  .record({ height: fc.integer({ min: 1, max: 40 }), first: fc.integer({ min: 0, max: 20 }), columns: fc.integer({ min: 1, max: 60 }), seed: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 80, maxLength: 80 }) })
  .map(({ height, first, columns, seed }): ColumnRun => {
    const last = first + columns - 1;
    const allocated = new Uint16Array(last + 1);
    const free = new Uint16Array(last + 1);
    for (let c = first; c <= last; c++) {
      // Runs of equal columns as often as not: the rects merge them.
      const [u, v] = seed[(c >> 1) % seed.length];
      allocated[c] = Math.floor(u * (height + 1));
      free[c] = Math.floor(v * (height - allocated[c] + 1));
    }
    return { left: 12, barY: 7, height, first, last, allocated, free };
  });

/** The pixels the rects cover, rect by rect, in a bitmap of the row's columns (x - left, y - barY): a rasteriser of whole-pixel rects. */
function rasterised(ctx: RecordingContext, run: ColumnRun, stride: number): Uint32Array {
  const pixels = new Uint32Array(stride * run.height);
  for (const r of ctx.filled) {
    expect([r.x, r.y, r.w, r.h].every(Number.isInteger)).toBe(true);
    const color = r.style === COLORS.allocated ? ALLOCATED : FREE;
    for (let y = r.y - run.barY; y < r.y - run.barY + r.h; y++) for (let x = r.x - run.left; x < r.x - run.left + r.w; x++) pixels[y * stride + x] = color;
  }
  return pixels;
}

describe('the columns of narrow blocks', () => {
  it('as a bitmap, cover exactly the pixels their rects cover, in the same colours', () => {
    fc.assert(
      fc.property(runs, (run) => {
        const stride = run.last + 1;
        const ctx = new RecordingContext();
        rectColumns.paint(ctx, run, COLORS);
        const bitmap = new Uint32Array(stride * run.height);
        fillColumnPixels(bitmap, stride, run, ALLOCATED, FREE);
        expect(bitmap).toEqual(rasterised(ctx, run, stride));
      }),
    );
  });

  it('as a bitmap, leave the pixels above a column\'s bytes transparent, so that what is under them shows', () => {
    const run: ColumnRun = { left: 0, barY: 0, height: 4, first: 0, last: 1, allocated: new Uint16Array([1, 0]), free: new Uint16Array([1, 0]) };
    const pixels = new Uint32Array(2 * 4).fill(7);
    fillColumnPixels(pixels, 2, run, ALLOCATED, FREE);
    expect([pixels[0], pixels[2], pixels[4], pixels[6]]).toEqual([0, 0, FREE, ALLOCATED]);
    expect([pixels[1], pixels[3], pixels[5], pixels[7]]).toEqual([0, 0, 0, 0]);
  });

  it('as rects, merge runs of equal columns into one rect per part', () => {
    const run: ColumnRun = { left: 10, barY: 0, height: 30, first: 0, last: 99, allocated: new Uint16Array(100).fill(12), free: new Uint16Array(100).fill(6) };
    const ctx = new RecordingContext();
    expect(rectColumns.paint(ctx, run, COLORS)).toBe(2);
    expect(ctx.filled).toEqual([
      { x: 10, y: 18, w: 100, h: 12, style: COLORS.allocated },
      { x: 10, y: 12, w: 100, h: 6, style: COLORS.free },
    ]);
  });

  it('read #rrggbb colours into the RGBA bytes of an image, and refuse any other form', () => {
    const bytes = new Uint8Array(new Uint32Array([pixelOf('#b9c6d8')]).buffer);
    expect([...bytes]).toEqual([0xb9, 0xc6, 0xd8, 255]);
    expect(() => pixelOf('rgb(1, 2, 3)')).toThrow(/#rrggbb/);
  });
});
