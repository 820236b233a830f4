import { scaleLinear } from 'd3-scale';
import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { columnOf } from '../chart/column-extents.ts';
import { CHART_STYLE, drawMetricsChart } from '../chart/draw-metrics-chart.ts';
import { metricsColumns } from '../chart/metrics-columns.ts';
import { formatBytes, formatPercent } from '../format/offsets.ts';
import { useElementSize } from '../hooks/use-element-size.ts';
import { useApp, usePaintedApp, useServices } from '../store/use-app.ts';

/**
 * The whole timeline's measures, from the page's mirror (the worker computed
 * them): payload and footprint, utilization, external fragmentation, the
 * peak payload, every failure, and the current step as a rule. Downsampled
 * to one column per device pixel, drawn on a canvas: a million steps cost
 * what a thousand do. A click, or a drag, seeks to the step under the
 * pointer.
 */
export function MetricsChart() {
  const { connection } = useServices();
  const mirror = connection.mirror;
  const revision = useApp((s) => s.timelineRevision);
  // The marker follows the step as of the last painted frame (after the strip's frame).
  const step = usePaintedApp((s) => s.step);
  const seek = useApp((s) => s.seek);
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, height } = useElementSize(plotRef);
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const columns = Math.max(1, Math.round(width * dpr));

  // `revision` names the mirror's contents: the columns are read again when it moves.
  const data = useMemo(() => ({ revision, ...metricsColumns(mirror, columns) }), [mirror, columns, revision]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width === 0 || height === 0) return;
    const frame = { width: data.columns, height: Math.max(1, Math.round(height * dpr)), dpr };
    canvas.width = frame.width;
    canvas.height = frame.height;
    drawMetricsChart(ctx, data, frame);
  }, [data, width, height, dpr]);

  const lastStep = data.lastStep;
  const stepAt = scaleLinear().domain([0, Math.max(1, width)]).range([0, lastStep]).clamp(true);
  const cursorX = (columnOf(Math.min(step, lastStep), lastStep, columns) + 0.5) / dpr;
  const seekTo = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    void seek(Math.round(stepAt(event.clientX - box.left)));
  };

  const label =
    lastStep === 0
      ? 'Metrics over the timeline: no operations yet.'
      : `Metrics over the timeline of ${lastStep.toLocaleString('en-US')} operations: payload peaks at ${formatBytes(data.peakPayload)} at step ${data.peakStep.toLocaleString('en-US')}; ` +
        `footprint up to ${formatBytes(data.maxBytes)}; utilization ${formatPercent(data.finalUtilization)} at the end; ` +
        `${data.failureCount.toLocaleString('en-US')} failed operation${data.failureCount === 1 ? '' : 's'}; current step ${step.toLocaleString('en-US')}.`;

  return (
    <figure className="chart">
      <div
        ref={plotRef}
        className="chart-plot"
        data-testid="metrics-chart"
        data-steps={lastStep}
        data-current-step={step}
        data-peak-step={data.peakStep}
        data-failures={data.failureCount}
        role="img"
        aria-label={label}
        title="click or drag to go to a step"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          seekTo(e);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) seekTo(e);
        }}
      >
        <canvas ref={canvasRef} aria-hidden="true" />
        <span className="chart-scale" aria-hidden="true">
          {formatBytes(data.maxBytes)} · 100%
        </span>
        {lastStep > 0 && <div className="chart-cursor" style={{ transform: `translateX(${cursorX}px)` }} aria-hidden="true" />}
      </div>
      <figcaption>
        <span>
          <i className="swatch-area" style={{ borderColor: CHART_STYLE.payload.color, background: `${CHART_STYLE.payload.color}40` }} aria-hidden="true" />
          {CHART_STYLE.payload.label}
        </span>
        <span>
          <i style={{ borderColor: CHART_STYLE.footprint.color }} aria-hidden="true" />
          {CHART_STYLE.footprint.label}
        </span>
        <span>
          <i style={{ borderColor: CHART_STYLE.utilization.color }} aria-hidden="true" />
          {CHART_STYLE.utilization.label}
        </span>
        <span>
          <i style={{ borderColor: CHART_STYLE.fragmentation.color, borderTopStyle: 'dashed' }} aria-hidden="true" />
          {CHART_STYLE.fragmentation.label}
        </span>
        <span>
          <i className="swatch-dot" style={{ background: CHART_STYLE.peak.color }} aria-hidden="true" />
          {CHART_STYLE.peak.label}
        </span>
        <span>
          <i className="swatch-tick" style={{ background: CHART_STYLE.failure.color }} aria-hidden="true" />
          {CHART_STYLE.failure.label}
        </span>
      </figcaption>
    </figure>
  );
}
