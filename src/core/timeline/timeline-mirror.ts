import { OpList } from '../trace/op-list.ts';
import { lowerBound, type TimelineDelta } from './timeline-delta.ts';

/**
 * The page's copy of a timeline's operations and measures, kept in step with
 * the worker's by deltas: what the log's rows and the chart read, without a
 * call per row. No heap here: the heap is read from the worker's memory.
 *
 * Invariant: the op columns hold `length` operations, the step columns
 * `length + 1` steps; samples and failures are ascending and within them.
 * Memory: 33 bytes an operation (33 MB for a million), plus 12 a sample and
 * 5 a failure.
 */
export class TimelineMirror {
  readonly ops = new OpList(16);
  result = new Int32Array(16);
  payload = new Uint32Array(16);
  footprint = new Uint32Array(16);
  peak = new Uint32Array(16);
  sampleSteps = new Int32Array(0);
  fragmentation = new Float64Array(0);
  failureSteps = new Int32Array(0);
  failureCodes = new Int8Array(0);
  peakStep = 0;
  /** Grows with every change, so that a view knows when to read again. */
  revision = 0;
  /** The latest change kept steps 0..lastFrom (operations before it) and replaced the rest. */
  lastFrom = 0;

  get length(): number {
    return this.ops.length;
  }

  /**
   * Keeps steps 0..delta.from and takes the delta's: a delta from step 0 (a
   * loaded trace) is taken as it is, its columns become the mirror's (the
   * caller gives them up), which spares copying 37 MB for a million
   * operations. O(1) then; else O(delta + kept samples and failures).
   */
  apply(delta: TimelineDelta): void {
    const { from } = delta;
    if (from > this.ops.length) throw new RangeError(`a delta from step ${from} cannot follow a timeline of ${this.ops.length} operations`);
    const n = delta.length;
    this.ops.replaceFrom(from, delta.kind, delta.id, delta.size, delta.line);
    if (from === 0) {
      this.result = delta.result;
      this.payload = delta.payload;
      this.footprint = delta.footprint;
      this.peak = delta.peak;
    } else {
      this.ensureSteps(n + 1);
      this.result.set(delta.result, from);
      this.payload.set(delta.payload, from);
      this.footprint.set(delta.footprint, from);
      this.peak.set(delta.peak, from);
    }
    const keptSamples = lowerBound(this.sampleSteps, this.sampleSteps.length, from);
    this.sampleSteps = concat(this.sampleSteps.subarray(0, keptSamples), delta.sampleSteps, Int32Array);
    this.fragmentation = concat(this.fragmentation.subarray(0, keptSamples), delta.fragmentation, Float64Array);
    const keptFailures = lowerBound(this.failureSteps, this.failureSteps.length, from + 1);
    this.failureSteps = concat(this.failureSteps.subarray(0, keptFailures), delta.failureSteps, Int32Array);
    this.failureCodes = concat(this.failureCodes.subarray(0, keptFailures), delta.failureCodes, Int8Array);
    this.peakStep = delta.peakStep;
    this.lastFrom = from;
    this.revision++;
  }

  /** Empties the mirror (a new heap). O(1). */
  clear(): void {
    this.ops.length = 0;
    this.result[0] = 0;
    this.payload[0] = 0;
    this.footprint[0] = 0;
    this.peak[0] = 0;
    this.sampleSteps = new Int32Array(0);
    this.fragmentation = new Float64Array(0);
    this.failureSteps = new Int32Array(0);
    this.failureCodes = new Int8Array(0);
    this.peakStep = 0;
    this.lastFrom = 0;
    this.revision++;
  }

  /** Peak payload so far / footprint at `step`. O(1). */
  utilization(step: number): number {
    const f = this.footprint[step];
    return f > 0 ? this.peak[step] / f : 0;
  }

  /** The external fragmentation sampled at or before `step`, or null before the first sample. O(log samples). */
  fragmentationAt(step: number): number | null {
    const k = lowerBound(this.sampleSteps, this.sampleSteps.length, step + 1) - 1;
    return k >= 0 ? this.fragmentation[k] : null;
  }

  private ensureSteps(steps: number): void {
    if (this.result.length >= steps) return;
    let cap = this.result.length;
    while (cap < steps) cap *= 2;
    this.result = resized(this.result, cap);
    this.payload = resized(this.payload, cap);
    this.footprint = resized(this.footprint, cap);
    this.peak = resized(this.peak, cap);
  }
}

type Column = Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Int8Array<ArrayBuffer>;

function resized<T extends Column>(a: T, length: number): T {
  const out = new (a.constructor as new (n: number) => T)(length);
  out.set(a.subarray(0, Math.min(a.length, length)) as never);
  return out;
}

function concat<T extends Column>(head: ArrayLike<number>, tail: ArrayLike<number>, Type: new (n: number) => T): T {
  const out = new Type(head.length + tail.length);
  out.set(head as never);
  out.set(tail as never, head.length);
  return out;
}
