import type { Timeline } from './timeline.ts';

/**
 * What a timeline holds from step `from` on, in columns a worker can hand
 * to the page without a copy (every array is fresh): the page's mirror drops
 * what it had past step `from` and takes these. A loaded trace is one delta
 * from 0; a click on top of it, a delta of one operation from the step it
 * was made at.
 *
 * Invariant: the op columns hold operations from..length-1; the step
 * columns hold steps from..length (one more); samples have steps >= from,
 * failures steps > from, both ascending.
 */
export interface TimelineDelta {
  readonly from: number;
  /** Operations in the timeline after the delta. */
  readonly length: number;
  readonly kind: Uint8Array;
  readonly id: Int32Array;
  readonly size: Float64Array;
  readonly line: Int32Array;
  readonly result: Int32Array<ArrayBuffer>;
  readonly payload: Uint32Array<ArrayBuffer>;
  readonly footprint: Uint32Array<ArrayBuffer>;
  readonly peak: Uint32Array<ArrayBuffer>;
  readonly sampleSteps: Int32Array;
  readonly fragmentation: Float64Array;
  readonly failureSteps: Int32Array;
  readonly failureCodes: Int8Array;
  /** The first step with the largest payload, over the whole timeline. */
  readonly peakStep: number;
}

/** The timeline's columns from step `from` (0..length), copied. The timeline must be built. O(length - from). */
export function timelineDelta(timeline: Timeline, from: number): TimelineDelta {
  const n = timeline.length;
  if (!timeline.built) throw new Error('timelineDelta needs a built timeline');
  if (!Number.isInteger(from) || from < 0 || from > n) throw new RangeError(`step ${from} is outside 0..${n}`);
  const ops = timeline.ops;
  const series = timeline.series;
  const firstSample = lowerBound(series.sampleSteps, series.sampleCount, from);
  const firstFailure = lowerBound(series.failureSteps, series.failureCount, from + 1);
  return {
    from,
    length: n,
    kind: ops.kind.slice(from, n),
    id: ops.id.slice(from, n),
    size: ops.size.slice(from, n),
    line: ops.line.slice(from, n),
    result: series.result.slice(from, n + 1),
    payload: series.payload.slice(from, n + 1),
    footprint: series.footprint.slice(from, n + 1),
    peak: series.peak.slice(from, n + 1),
    sampleSteps: series.sampleSteps.slice(firstSample, series.sampleCount),
    fragmentation: series.fragmentation.slice(firstSample, series.sampleCount),
    failureSteps: series.failureSteps.slice(firstFailure, series.failureCount),
    failureCodes: series.failureCodes.slice(firstFailure, series.failureCount),
    peakStep: series.peakStep,
  };
}

/** The buffers of a delta, to transfer. */
export function deltaBuffers(delta: TimelineDelta): ArrayBuffer[] {
  const arrays = [
    delta.kind, delta.id, delta.size, delta.line, delta.result, delta.payload, delta.footprint, delta.peak,
    delta.sampleSteps, delta.fragmentation, delta.failureSteps, delta.failureCodes,
  ];
  return arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** The first index k < count with values[k] >= value, or count. O(log count). */
export function lowerBound(values: ArrayLike<number>, count: number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
