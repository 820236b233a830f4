import { STRIP_COLORS } from '../theme/palette.ts';
import type { StripTheme } from './render-strip.ts';

/**
 * The strip's fills: hatching for free blocks and gaps, a faint dot grid for
 * memory never handed out (a pattern tile is drawn once, on a small canvas).
 * Falls back to plain colours where a pattern cannot be made.
 */
export function createStripTheme(): StripTheme {
  const font = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
  const smallFont = '10px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
  return {
    freeFill: hatch(STRIP_COLORS.freeFill, STRIP_COLORS.freeHatch, 6) ?? STRIP_COLORS.freeFill,
    gapFill: hatch(STRIP_COLORS.gap, STRIP_COLORS.gapHatch, 4) ?? STRIP_COLORS.gap,
    untouchedFill: dots(STRIP_COLORS.untouched, STRIP_COLORS.untouchedDot) ?? STRIP_COLORS.untouched,
    font,
    smallFont,
  };
}

function tile(size: number, paint: (ctx: CanvasRenderingContext2D) => void): CanvasPattern | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  paint(ctx);
  return ctx.createPattern(canvas, 'repeat');
}

/** Diagonal stripes: `line` over `fill`, every `step` pixels. */
function hatch(fill: string, line: string, step: number): CanvasPattern | null {
  return tile(step, (ctx) => {
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, step, step);
    ctx.strokeStyle = line;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(-1, step + 1);
    ctx.lineTo(step + 1, -1);
    ctx.moveTo(-1, 1);
    ctx.lineTo(1, -1);
    ctx.moveTo(step - 1, step + 1);
    ctx.lineTo(step + 1, step - 1);
    ctx.stroke();
  });
}

function dots(fill: string, dot: string): CanvasPattern | null {
  return tile(4, (ctx) => {
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, 4, 4);
    ctx.fillStyle = dot;
    ctx.fillRect(0, 0, 1, 1);
  });
}
