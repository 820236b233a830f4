import { describe, expect, it } from 'vitest';
import {
  bytesPerPx,
  clampView,
  fitGeometry,
  layoutRows,
  maxZoom,
  MAX_PX_PER_BYTE,
  offsetAt,
  pointOf,
  transformOf,
  viewFitting,
  viewOf,
} from '../../src/ui/strip/strip-geometry.ts';

const geometry = fitGeometry(1024, 300);
const HEAP = 65536;

describe('the strip geometry (a heap wrapped into rows)', () => {
  it('fits as many rows as the height holds and the whole heap in them at zoom 1', () => {
    expect(geometry.rows).toBe(4);
    const rows = layoutRows({ zoom: 1, scroll: 0 }, geometry, HEAP);
    expect(rows.map((r) => [r.from, r.to])).toEqual([
      [0, 16384],
      [16384, 32768],
      [32768, 49152],
      [49152, 65536],
    ]);
  });

  it('wraps: the byte after a row ends starts the next row at the left edge', () => {
    const view = { zoom: 2, scroll: 0 };
    const perRow = HEAP / (geometry.rows * 2);
    const p = pointOf(perRow, view, geometry, HEAP);
    expect(p.row).toBe(1);
    expect(p.x).toBeCloseTo(geometry.left);
  });

  it('finds under a point the byte that was drawn there', () => {
    const view = { zoom: 8, scroll: 1000 };
    for (const offset of [1000, 1001, 2047, 4000, 9191]) {
      const p = pointOf(offset + 0.5, view, geometry, HEAP);
      expect(Math.floor(offsetAt(p.x, p.barY + 5, view, geometry, HEAP)!)).toBe(offset);
    }
  });

  it('finds nothing between the bars or past the heap', () => {
    const view = { zoom: 1, scroll: 0 };
    expect(offsetAt(100, geometry.top + 2, view, geometry, HEAP)).toBeNull();
    expect(offsetAt(geometry.left + geometry.width + 1, geometry.top + geometry.barTop + 5, view, geometry, HEAP)).toBeNull();
  });

  it('stops the rows at the heap end when the heap is scrolled to its tail', () => {
    const rows = layoutRows({ zoom: 4, scroll: HEAP - HEAP / 8 }, geometry, HEAP);
    expect(rows).toHaveLength(2);
    expect(rows[1].to).toBe(HEAP);
  });

  it('keeps the view in bounds: zoom from 1 to a byte of 48 pixels, the visible bytes inside the heap', () => {
    expect(clampView({ zoom: 0.1, scroll: -5 }, geometry, HEAP)).toEqual({ zoom: 1, scroll: 0 });
    const deep = clampView({ zoom: 1e12, scroll: HEAP }, geometry, HEAP);
    expect(deep.zoom).toBe(maxZoom(geometry, HEAP));
    expect(1 / bytesPerPx(deep, geometry, HEAP)).toBeCloseTo(MAX_PX_PER_BYTE);
    expect(deep.scroll + HEAP / deep.zoom).toBeCloseTo(HEAP);
  });

  it('translates between the view and the d3-zoom transform both ways', () => {
    const view = { zoom: 6.5, scroll: 12345 };
    const back = viewOf(transformOf(view, geometry, HEAP), geometry, HEAP);
    expect(back.zoom).toBe(view.zoom);
    expect(back.scroll).toBeCloseTo(view.scroll, 6);
  });

  it('fits a range of bytes to the rows', () => {
    const view = viewFitting(0, 4096, geometry, HEAP);
    expect(view).toEqual({ zoom: 16, scroll: 0 });
  });
});
