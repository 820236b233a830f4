import type { TimelineMirror } from '../../core/timeline/timeline-mirror.ts';
import { columnCounts, columnExtents, ratioExtents, type ColumnExtents } from './column-extents.ts';

/**
 * What the metrics chart draws, per pixel column, over the whole timeline
 * (steps 0..length of the page's mirror, which the worker computed): payload
 * and footprint in bytes, utilization and sampled external fragmentation as
 * fractions, failures counted per column, and the peak payload's step.
 * O(steps + samples + failures) to build; drawing it is O(columns).
 */
export interface MetricsColumns {
  readonly columns: number;
  /** The timeline's last step (its length). */
  readonly lastStep: number;
  /** The bytes axis' top: the largest footprint (or payload), at least 1. */
  readonly maxBytes: number;
  readonly payload: ColumnExtents;
  readonly footprint: ColumnExtents;
  readonly utilization: ColumnExtents;
  readonly fragmentation: ColumnExtents;
  /** Failed operations per column (a failure's step is the one its operation leads to). */
  readonly failures: Uint32Array;
  readonly failureCount: number;
  readonly peakStep: number;
  readonly peakPayload: number;
  /** Utilization at the last step. */
  readonly finalUtilization: number;
}

export type MetricsSource = Pick<TimelineMirror, 'length' | 'payload' | 'footprint' | 'peak' | 'sampleSteps' | 'fragmentation' | 'failureSteps' | 'peakStep' | 'utilization'>;

export function metricsColumns(mirror: MetricsSource, columns: number): MetricsColumns {
  const lastStep = mirror.length;
  const steps = lastStep + 1;
  const { payload, footprint, peak, sampleSteps, fragmentation, failureSteps } = mirror;
  const payloadColumns = columnExtents(payload, steps, lastStep, columns);
  const footprintColumns = columnExtents(footprint, steps, lastStep, columns);
  // Utilization at step s: the peak payload so far over the footprint (TimelineMirror.utilization).
  const utilization = ratioExtents(peak, footprint, steps, lastStep, columns);
  const fragmentationColumns = columnExtents(fragmentation, sampleSteps.length, lastStep, columns, sampleSteps);
  let maxBytes = 1;
  for (let k = 0; k < footprintColumns.count; k++) maxBytes = Math.max(maxBytes, footprintColumns.max[k]);
  for (let k = 0; k < payloadColumns.count; k++) maxBytes = Math.max(maxBytes, payloadColumns.max[k]);
  const peakStep = Math.min(mirror.peakStep, lastStep);
  return {
    columns,
    lastStep,
    maxBytes,
    payload: payloadColumns,
    footprint: footprintColumns,
    utilization,
    fragmentation: fragmentationColumns,
    failures: columnCounts(failureSteps, failureSteps.length, lastStep, columns),
    failureCount: failureSteps.length,
    peakStep,
    peakPayload: payload[peakStep] ?? 0,
    finalUtilization: mirror.utilization(lastStep),
  };
}
