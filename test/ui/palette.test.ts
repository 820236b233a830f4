import { describe, expect, it } from 'vitest';
import { ALLOCATION_COLORS, LIST_COLORS, STRIP_COLORS, allocationColor, listDash } from '../../src/ui/theme/palette.ts';
import { DEFICIENCIES, difference } from './colour-vision.ts';

/** CIE76 differences under which two colours side by side are hard to tell apart. */
const NEIGHBOURS_APART = 25;
const STATE_APART = 40;

describe('the palette, as colour-blind viewers see it', () => {
  for (const deficiency of DEFICIENCIES) {
    it(`keeps consecutive allocation colours apart (${deficiency})`, () => {
      for (let i = 0; i < ALLOCATION_COLORS.length; i++) {
        const a = ALLOCATION_COLORS[i];
        const b = ALLOCATION_COLORS[(i + 1) % ALLOCATION_COLORS.length];
        expect(difference(a, b, deficiency), `${a} next to ${b}`).toBeGreaterThanOrEqual(NEIGHBOURS_APART);
      }
    });

    it(`keeps every allocated colour far from free blocks, gaps and the background (${deficiency})`, () => {
      for (const c of ALLOCATION_COLORS) {
        for (const other of [STRIP_COLORS.freeFill, STRIP_COLORS.gap, STRIP_COLORS.background, STRIP_COLORS.untouched]) {
          expect(difference(c, other, deficiency), `${c} against ${other}`).toBeGreaterThanOrEqual(STATE_APART);
        }
      }
    });

    it(`keeps consecutive free lists apart (${deficiency})`, () => {
      for (let i = 0; i < LIST_COLORS.length; i++) {
        const a = LIST_COLORS[i];
        const b = LIST_COLORS[(i + 1) % LIST_COLORS.length];
        expect(difference(a, b, deficiency), `${a} next to ${b}`).toBeGreaterThanOrEqual(NEIGHBOURS_APART);
      }
    });
  }

  it('draws the bump pointer and the heap end in colours that differ for every viewer', () => {
    for (const d of DEFICIENCIES) expect(difference(STRIP_COLORS.bump, STRIP_COLORS.end, d)).toBeGreaterThanOrEqual(NEIGHBOURS_APART);
  });

  it('gives lists past the colour cycle a dash, so no two of the first 24 lists look alike', () => {
    const looks = new Set(Array.from({ length: 24 }, (_, l) => `${LIST_COLORS[l % LIST_COLORS.length]}/${listDash(l).join(',')}`));
    expect(looks.size).toBe(24);
  });

  it('cycles allocation colours by id', () => {
    expect(allocationColor(0)).toBe(ALLOCATION_COLORS[0]);
    expect(allocationColor(ALLOCATION_COLORS.length + 1)).toBe(ALLOCATION_COLORS[1]);
  });
});
