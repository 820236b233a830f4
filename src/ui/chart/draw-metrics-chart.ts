import { scaleLinear } from 'd3-scale';
import type { ColumnExtents } from './column-extents.ts';
import { columnOf } from './column-extents.ts';
import type { MetricsColumns } from './metrics-columns.ts';

/**
 * The metrics chart's renderer: a pure function of (canvas context, the
 * per-column data, the frame). One column per device pixel; each series is
 * drawn as the band between its least and greatest value in each column
 * (a line where they meet). Bytes are scaled to the largest footprint,
 * fractions to 0..100%, both on the same height. Failures are ticks in a
 * lane under the plot, one per column however many failed there (the
 * more, the brighter). O(columns).
 */

/** The series and marks, with their colours (Okabe-Ito, as the free lists; the legend reads them). */
export const CHART_STYLE = {
  payload: { label: 'payload', color: '#56B4E9' },
  footprint: { label: 'footprint', color: '#E69F00' },
  utilization: { label: 'utilization', color: '#009E73' },
  fragmentation: { label: 'ext. frag.', color: '#CC79A7', dash: [4, 3] },
  peak: { label: 'peak', color: '#F0E442' },
  failure: { label: 'failures', color: '#FF7A4D' },
  grid: '#232832',
  background: '#0f1115',
} as const;

/** Height of the failures' lane under the plot, CSS pixels. */
export const FAILURE_LANE = 6;

export interface ChartFrame {
  /** Canvas size in device pixels (the width is the data's column count). */
  readonly width: number;
  readonly height: number;
  /** Device pixels per CSS pixel. */
  readonly dpr: number;
}

export function drawMetricsChart(ctx: CanvasRenderingContext2D, data: MetricsColumns, frame: ChartFrame): void {
  const { width, height, dpr } = frame;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = CHART_STYLE.background;
  ctx.fillRect(0, 0, width, height);
  const lane = Math.round(FAILURE_LANE * dpr);
  const plotTop = Math.round(3 * dpr);
  const plotBottom = height - lane - Math.round(2 * dpr);
  if (plotBottom <= plotTop) return;
  const bytes = scaleLinear().domain([0, data.maxBytes]).range([plotBottom, plotTop]);
  const ratio = scaleLinear().domain([0, 1]).range([plotBottom, plotTop]);

  ctx.lineWidth = Math.max(1, dpr);
  ctx.strokeStyle = CHART_STYLE.grid;
  for (const t of [0.25, 0.5, 0.75]) {
    const y = Math.round(ratio(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
    ctx.stroke();
  }

  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  // Payload: the area under its greatest value, then its band on top.
  if (data.payload.count > 0) {
    ctx.beginPath();
    traceTop(ctx, data.payload, bytes);
    ctx.lineTo(data.payload.column[data.payload.count - 1] + 0.5, plotBottom);
    ctx.lineTo(data.payload.column[0] + 0.5, plotBottom);
    ctx.closePath();
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = CHART_STYLE.payload.color;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  const line = 1.5 * dpr;
  drawBand(ctx, data.payload, bytes, CHART_STYLE.payload.color, line, []);
  drawBand(ctx, data.footprint, bytes, CHART_STYLE.footprint.color, line, []);
  drawBand(ctx, data.utilization, ratio, CHART_STYLE.utilization.color, line, []);
  drawBand(ctx, data.fragmentation, ratio, CHART_STYLE.fragmentation.color, line, CHART_STYLE.fragmentation.dash.map((d) => d * dpr));

  // The peak payload: a dashed rule and a dot at the top.
  if (data.lastStep > 0) {
    const x = columnOf(data.peakStep, data.lastStep, data.columns) + 0.5;
    ctx.setLineDash([2 * dpr, 3 * dpr]);
    ctx.lineWidth = Math.max(1, dpr);
    ctx.strokeStyle = CHART_STYLE.peak.color;
    ctx.globalAlpha = 0.6;
    ctx.beginPath();
    ctx.moveTo(x, plotTop);
    ctx.lineTo(x, plotBottom);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = CHART_STYLE.peak.color;
    ctx.beginPath();
    ctx.arc(x, bytes(data.peakPayload), 2.5 * dpr, 0, 2 * Math.PI);
    ctx.fill();
  }

  // Failures: one tick per column that has any.
  const tick = Math.max(1, Math.round(dpr));
  ctx.fillStyle = CHART_STYLE.failure.color;
  for (let c = 0; c < data.failures.length; c++) {
    const n = data.failures[c];
    if (n === 0) continue;
    ctx.globalAlpha = Math.min(1, 0.55 + 0.15 * Math.log2(n));
    ctx.fillRect(c, height - lane, tick, lane);
  }
  ctx.globalAlpha = 1;
}

/** Moves along the greatest values, left to right (the path is begun by the caller). */
function traceTop(ctx: CanvasRenderingContext2D, e: ColumnExtents, y: (v: number) => number): void {
  for (let k = 0; k < e.count; k++) {
    const x = e.column[k] + 0.5;
    if (k === 0) ctx.moveTo(x, y(e.max[k]));
    else ctx.lineTo(x, y(e.max[k]));
  }
}

/** The band between the least and greatest value of each column, filled and outlined (a line where they meet). */
function drawBand(ctx: CanvasRenderingContext2D, e: ColumnExtents, y: (v: number) => number, color: string, lineWidth: number, dash: readonly number[]): void {
  if (e.count === 0) return;
  ctx.beginPath();
  traceTop(ctx, e, y);
  for (let k = e.count - 1; k >= 0; k--) ctx.lineTo(e.column[k] + 0.5, y(e.min[k]));
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.setLineDash([...dash]);
  if (dash.length === 0) ctx.fill();
  ctx.stroke();
  ctx.setLineDash([]);
}
