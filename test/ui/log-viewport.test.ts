import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentOffset, MAX_SPACER_HEIGHT, maxScrollTop, rowInView, rowWindow, scrollTopFor, scrollToReveal, spacerHeight } from '../../src/ui/log/log-viewport.ts';

const small = { rows: 100, rowHeight: 18, viewHeight: 180 };
const huge = { rows: 5_000_000, rowHeight: 18, viewHeight: 180 };

describe('the geometry of the virtualised log', () => {
  it('renders the rows in view and the overscan, placed where they belong', () => {
    const w = rowWindow(360, small, 4);
    expect(w).toEqual({ first: 16, end: 34, top: 16 * 18 });
  });

  it('renders every row of a list shorter than its view', () => {
    expect(rowWindow(0, { rows: 5, rowHeight: 18, viewHeight: 180 }, 4)).toEqual({ first: 0, end: 5, top: 0 });
  });

  it('caps the spacer of a long list under the browsers` limit and still reaches both ends', () => {
    expect(spacerHeight(huge)).toBe(MAX_SPACER_HEIGHT);
    expect(rowWindow(0, huge, 2).first).toBe(0);
    const bottom = rowWindow(maxScrollTop(huge), huge, 2);
    expect(bottom.end).toBe(huge.rows);
    // The last row's bottom is the spacer's bottom.
    expect(bottom.top + (bottom.end - bottom.first) * huge.rowHeight).toBeCloseTo(MAX_SPACER_HEIGHT, 6);
  });

  it('maps scroll positions to content offsets and back', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(small, huge), (t, g) => {
        const top = t * maxScrollTop(g);
        expect(scrollTopFor(contentOffset(top, g), g)).toBeCloseTo(top, 3);
      }),
    );
  });

  it('leaves a row in view where it is, brings a near one to the edge, centres a far one', () => {
    expect(scrollToReveal(12, 180, small)).toBeNull();
    expect(scrollToReveal(20, 180, small)).toBe(21 * 18 - 180);
    expect(scrollToReveal(8, 180, small)).toBe(8 * 18);
    expect(scrollToReveal(80, 0, small)).toBe(80 * 18 + 9 - 90);
  });

  it('reveals any row of a huge list: it is then in view and among the rendered rows', () => {
    fc.assert(
      fc.property(fc.nat(huge.rows - 1), fc.double({ min: 0, max: 1, noNaN: true }), (row, t) => {
        const top = scrollToReveal(row, t * maxScrollTop(huge), huge) ?? t * maxScrollTop(huge);
        expect(rowInView(row, top, huge)).toBe(true);
        const w = rowWindow(top, huge, 0);
        expect(row >= w.first && row < w.end).toBe(true);
      }),
    );
  });
});
