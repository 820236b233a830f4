import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { axisTicks } from '../../src/ui/strip/axis-ticks.ts';
import { allocationColor } from '../../src/ui/theme/palette.ts';
import { MAX_ARROWS, renderStrip, type StripScene, type StripTheme } from '../../src/ui/strip/render-strip.ts';
import { fitGeometry, pointOf } from '../../src/ui/strip/strip-geometry.ts';
import { RecordingContext } from '../support/recording-context.ts';
import { busyHeap, pictureOf } from '../support/picture.ts';

const theme: StripTheme = { freeFill: 'free', gapFill: 'gap', untouchedFill: 'untouched', font: '11px mono', smallFont: '10px mono' };
const geometry = fitGeometry(1024, 300);

function scene(driver: HeapDriver, overrides: Partial<StripScene> = {}): StripScene {
  return {
    picture: pictureOf(driver),
    view: { zoom: 1, scroll: 0 },
    geometry,
    heapSize: driver.heapSize,
    selected: -1,
    hovered: -1,
    radix: 'hex',
    width: 1024,
    height: 300,
    ...overrides,
  };
}

describe('the strip renderer', () => {
  it('draws a heap of 100,000 live blocks with at most a few rects per pixel column, not one per block', () => {
    const driver = busyHeap('lululucator', 4 << 20, 120_000, 16, 6);
    expect(driver.live.liveCount).toBe(100_000);
    const ctx = new RecordingContext();
    const stats = renderStrip(ctx, scene(driver), theme);
    const columns = geometry.width * geometry.rows;
    expect(stats.detailed).toBe(0);
    expect(stats.columnRects).toBeLessThanOrEqual(2 * columns);
    expect(ctx.rectCount).toBeLessThan(3 * columns);
  });

  it('hatches no memory that the columns of narrow blocks cover whole, and dots only memory past the end of what was handed out', () => {
    const driver = busyHeap('lululucator', 4 << 20, 120_000, 16, 6);
    const ctx = new RecordingContext();
    const s = scene(driver);
    renderStrip(ctx, s, theme);
    const gap = ctx.filled.filter((r) => r.style === 'gap');
    // The blocks tile [0, end): at most the pixel where handed-out memory ends is left to hatch, in its row.
    expect(gap.reduce((sum, r) => sum + r.w, 0)).toBeLessThanOrEqual(1);
    const end = s.picture!.end;
    const endPoint = pointOf(end, s.view, geometry, driver.heapSize);
    for (const r of ctx.filled.filter((f) => f.style === 'untouched')) {
      expect(r.y === endPoint.barY ? r.x >= Math.floor(endPoint.x) : r.y > endPoint.barY).toBe(true);
    }
  });

  it('draws the same from a picture with the gaps merged below the width it draws blocks on their own as from the whole picture', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 20, events: false });
    // Runs of narrow free blocks between live ones, and a wide block now and then, free or not.
    for (let id = 0; id < 5000; id++) driver.allocFast(id, id % 50 === 0 ? 2000 : 16 + ((id * 7919) % 200));
    for (let id = 0; id < 5000; id++) if (id % 10 < 8 && id % 100 !== 0) driver.freeFast(id);
    const whole = new RecordingContext();
    const merged = new RecordingContext();
    const s = scene(driver);
    const bpp = driver.heapSize / (geometry.width * geometry.rows);
    const picture = pictureOf(driver, 0, undefined, { mergeGapsBelow: 2 * bpp });
    expect(picture.mergedBelow).toBe(2 * bpp);
    expect(picture.blocks.count).toBeLessThan(s.picture!.blocks.count / 2);
    renderStrip(whole, s, theme);
    renderStrip(merged, { ...s, picture }, theme);
    const round = (rs: { x: number; y: number; w: number; h: number; style: unknown }[]) => rs.map((r) => [r.x, r.y, r.w, r.h, r.style].map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
    expect(round(merged.filled)).toEqual(round(whole.filled));
    expect(round(merged.stroked)).toEqual(round(whole.stroked));
    expect(merged.texts).toEqual(whole.texts);
  });

  it('draws wide blocks one by one in their allocation colour', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    driver.alloc(0, 500);
    driver.alloc(1, 500);
    const ctx = new RecordingContext();
    const stats = renderStrip(ctx, scene(driver), theme);
    expect(stats.detailed).toBe(2);
    const styles = ctx.filled.map((r) => r.style);
    expect(styles).toContain(allocationColor(0));
    expect(styles).toContain(allocationColor(1));
    expect(ctx.texts).toContain('#0 · 500 B');
  });

  it('draws one arrow per link of the free list, in list order, and marks the head', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    for (let id = 0; id < 8; id++) driver.alloc(id, 200);
    for (const id of [1, 5, 3, 6]) driver.free(id);
    const ctx = new RecordingContext();
    const stats = renderStrip(ctx, scene(driver), theme);
    expect(stats.arrows).toBe(3);
    expect(ctx.calls.get('curve')).toBe(3);
    expect(ctx.texts).toContain('head');
  });

  it('names each list at its head when the strategy has several (fixed-block)', () => {
    const driver = new HeapDriver({ strategy: 'fixed-block', heapSize: 8192 });
    driver.alloc(0, 8);
    driver.alloc(1, 64);
    driver.alloc(2, 8);
    driver.free(0);
    driver.free(1);
    const ctx = new RecordingContext();
    renderStrip(ctx, scene(driver, { view: { zoom: 4, scroll: 0 } }), theme);
    expect(ctx.texts).toContain('8 B');
    expect(ctx.texts).toContain('64 B');
  });

  it('never draws two head labels over each other: the second goes a level up, a third is left out', () => {
    const driver = new HeapDriver({ strategy: 'fixed-block', heapSize: 1 << 20 });
    for (let id = 0; id < 6; id++) driver.alloc(id, 8 << id);
    for (let id = 0; id < 6; id++) driver.free(id);
    const ctx = new RecordingContext();
    renderStrip(ctx, scene(driver), theme);
    const names = ['8 B', '16 B', '32 B', '64 B', '128 B', '256 B'];
    const drawn = ctx.texts.filter((t) => names.includes(t));
    // Six heads within a few pixels of each other: two levels of labels.
    expect(drawn).toHaveLength(2);
  });

  it(`draws at most ${MAX_ARROWS} arrows and counts the links it left out`, () => {
    const driver = busyHeap('lululucator', 1 << 20, 2000, 24, 2);
    const ctx = new RecordingContext();
    const stats = renderStrip(ctx, scene(driver), theme);
    expect(stats.arrows).toBe(MAX_ARROWS);
    expect(stats.arrowsOmitted).toBe(1000 - 1 - MAX_ARROWS);
    expect(ctx.texts.some((t) => t.includes('more links not drawn'))).toBe(true);
  });

  it('draws the selected node\'s own two links even when it lies past the first links from the head', () => {
    const driver = busyHeap('lululucator', 1 << 20, 2000, 24, 2);
    const picture = pictureOf(driver);
    const deep = picture.free.all()![0].start[500];
    const k = Array.from(picture.blocks.start).indexOf(deep);
    const ctx = new RecordingContext();
    const stats = renderStrip(ctx, { ...scene(driver), picture, selected: k }, theme);
    expect(stats.arrows).toBe(MAX_ARROWS + 2);
  });

  it('outlines the selected block on every row it crosses', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    driver.alloc(0, 1000);
    driver.alloc(1, 1500);
    const ctx = new RecordingContext();
    renderStrip(ctx, scene(driver, { selected: 1 }), theme);
    const outlines = ctx.stroked.filter((r) => r.style === '#ffffff');
    // Block 1 spans bytes 1000..2500: rows 0..1023 and 1024..2047 and 2048..3071.
    expect(outlines).toHaveLength(3);
  });

  it('shows the bytes themselves when zoomed to bytes', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    driver.alloc(0, 24);
    driver.alloc(1, 24);
    driver.free(0);
    const ctx = new RecordingContext();
    renderStrip(ctx, scene(driver, { view: { zoom: 24, scroll: 0 } }), theme);
    const bytes = ctx.texts.filter((t) => /^[0-9a-f]{2}$/.test(t));
    // The free node at 0: next = NIL (ff x 8), addr = 0, size = 24 (0x18).
    expect(bytes.slice(0, 24).join(' ')).toBe(`${'ff '.repeat(8)}${'00 '.repeat(8)}18 ${'00 '.repeat(6)}00`);
  });

  it('marks the bump pointer and the end of the heap', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    driver.alloc(0, 100);
    const ctx = new RecordingContext();
    renderStrip(ctx, scene(driver), theme);
    expect(ctx.texts).toContain('bump');
    expect(ctx.texts).toContain('end');
    const p = pointOf(104, { zoom: 1, scroll: 0 }, geometry, 4096);
    expect(p.row).toBe(0);
  });

  it('labels the axis with offsets in the chosen radix', () => {
    const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    const hex = new RecordingContext();
    renderStrip(hex, scene(driver), theme);
    expect(hex.texts).toContain('0x0100');
    const dec = new RecordingContext();
    renderStrip(dec, scene(driver, { radix: 'dec' }), theme);
    expect(dec.texts).toContain('200');
  });
});

describe('the axis ticks', () => {
  it('fall on powers of two in hex and on 1-2-5 steps in decimal, whole bytes only', () => {
    expect(axisTicks(0, 1024, 4, 'hex')).toEqual([0, 256, 512, 768, 1024]);
    expect(axisTicks(100, 1100, 4, 'dec')).toEqual([200, 400, 600, 800, 1000]);
    expect(axisTicks(3.2, 9.7, 20, 'hex')).toEqual([4, 5, 6, 7, 8, 9]);
  });
});
