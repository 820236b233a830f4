import { FAST_NULL, FAST_OUT_OF_MEMORY, type HeapDriver } from '../driver.ts';
import { measure } from '../metrics.ts';

/**
 * The measures of ALLOCATOR.md over a whole trace, one value a step (step k
 * is the heap after the first k operations), for the timeline's chart.
 *
 * - payload, footprint and the peak payload so far: Uint32Array columns
 *   indexed by step. Each is at most the heap size (<= 1 GiB), so 32 bits
 *   hold it exactly. Utilization at step k is peak[k] / footprint[k],
 *   derived on demand.
 * - result: what operation k-1 returned, at step k: the payload offset or a
 *   FAST_* code (Int32Array; offsets are below 2^30). The log's rows read it.
 *   With the three above, 16 bytes a step: 16 MB for a million operations.
 * - failures: the step after each failed operation (op k-1 failed: step k)
 *   and its FAST_* code, ascending.
 * - external fragmentation needs the largest free block, an O(free blocks)
 *   walk of linked lists through the heap (about 100 ns a block: each one a
 *   cache miss), so it is sampled, within a budget of `visitBudget` block
 *   visits (default 2 million, ~0.2 s) for the evenly spaced samples and as
 *   much for the failures: a candidate every `sampleEvery` steps (about
 *   2,048 over the trace) is taken when the visits spent so far plus its own
 *   (the strategy's free block count) stay within the budget's share of the
 *   trace up to that step; after an out-of-memory failure a sample is taken
 *   while the failure share of the budget lasts (and at most
 *   {@link MAX_FAILURE_SAMPLES} of them). So a strategy with few free blocks
 *   gets every candidate, one with 200,000 gets about ten. Deterministic:
 *   the same trace gives the same samples. 12 bytes a sample.
 *
 * Invariant: steps 0..length-1 are recorded, in order, each from the driver
 * right after that step; failure and sample steps are ascending and below
 * `length`; `peakStep` is the first step whose payload is the largest.
 */

/** Out-of-memory failures that also get a fragmentation sample, at most. */
export const MAX_FAILURE_SAMPLES = 4096;

/** Fragmentation sample candidates over a trace, by default. */
export const DEFAULT_FRAGMENTATION_SAMPLES = 2048;

/** Free-block visits the evenly spaced samples may cost, by default (as many again for failures). */
export const DEFAULT_VISIT_BUDGET = 2_000_000;

export interface SamplingPlan {
  /** Steps between fragmentation sample candidates. */
  readonly sampleEvery: number;
  /** Free-block visits the even samples may cost over `horizon` steps; as many for failure samples. */
  readonly visitBudget: number;
  /** The steps the budget is spread over (the trace's length). */
  readonly horizon: number;
}

export class MetricSeries {
  payload: Uint32Array;
  footprint: Uint32Array;
  /** Peak payload over steps 0..k. */
  peak: Uint32Array;
  /** What operation k-1 returned, at step k (an offset or a FAST_* code; 0 at step 0). */
  result: Int32Array;
  /** Steps recorded: 0..length-1. */
  length = 0;
  failureSteps = new Int32Array(64);
  /** The FAST_* code of each failure. */
  failureCodes = new Int8Array(64);
  failureCount = 0;
  sampleSteps = new Int32Array(256);
  /** 1 - largest free / free bytes below the footprint, at each sample step. */
  fragmentation = new Float64Array(256);
  sampleCount = 0;
  /** The first step where the payload reached its largest value. */
  peakStep = 0;
  /** Out-of-memory failures sampled so far. */
  private failureSamples = 0;
  /** Free-block visits spent on even samples and on failure samples. */
  private evenVisits = 0;
  private failureVisits = 0;

  /** Room for `steps` steps (0..steps-1), sampling fragmentation as `plan` says. */
  constructor(
    steps: number,
    readonly plan: SamplingPlan,
  ) {
    const capacity = Math.max(16, steps);
    this.payload = new Uint32Array(capacity);
    this.footprint = new Uint32Array(capacity);
    this.peak = new Uint32Array(capacity);
    this.result = new Int32Array(capacity);
  }

  /** The default plan for a trace of `ops` operations: about `samples` candidates, `visitBudget` visits. O(1). */
  static plan(ops: number, samples = DEFAULT_FRAGMENTATION_SAMPLES, visitBudget = DEFAULT_VISIT_BUDGET): SamplingPlan {
    return { sampleEvery: Math.max(1, Math.ceil(ops / Math.max(1, samples))), visitBudget, horizon: ops };
  }

  get peakPayload(): number {
    return this.length > 0 ? this.peak[this.length - 1] : 0;
  }

  /**
   * Records step `step` (which must be `length`) from `driver`, just after
   * the operation that returned `code` (an offset or a FAST_* code; anything
   * for step 0). O(1), or O(free blocks) when a sample is due.
   */
  record(step: number, driver: HeapDriver, code: number): void {
    if (step !== this.length) throw new RangeError(`step ${step} recorded out of order (expected ${this.length})`);
    if (step === this.payload.length) this.growSteps();
    const payload = driver.live.payloadBytes;
    this.payload[step] = payload;
    this.footprint[step] = driver.strategy.footprint();
    this.peak[step] = driver.peakPayload;
    this.result[step] = step === 0 ? 0 : code;
    if (step === 0 || payload > this.payload[this.peakStep]) this.peakStep = step;
    this.length = step + 1;
    const failed = step > 0 && code < 0 && code !== FAST_NULL;
    if (failed) this.pushFailure(step, code);
    const plan = this.plan;
    const outOfMemory = failed && code === FAST_OUT_OF_MEMORY && this.failureSamples < MAX_FAILURE_SAMPLES;
    if (!outOfMemory && step % plan.sampleEvery !== 0) return;
    const cost = driver.strategy.freeBlockCount() + 1;
    let sample = false;
    if (outOfMemory && this.failureVisits + cost <= plan.visitBudget) {
      this.failureSamples++;
      this.failureVisits += cost;
      sample = true;
    } else if (step % plan.sampleEvery === 0 && (step === 0 || this.evenVisits + cost <= (plan.visitBudget * step) / Math.max(plan.horizon, step))) {
      this.evenVisits += cost;
      sample = true;
    }
    if (sample) this.pushSample(step, measure(driver).externalFragmentation);
  }

  /** Peak payload so far / footprint at `step` (0 before anything was handed out). O(1). */
  utilization(step: number): number {
    const f = this.footprint[step];
    return f > 0 ? this.peak[step] / f : 0;
  }

  /** Forgets the steps after `step` (a truncated future). O(dropped failures and samples + log steps). */
  truncate(step: number): void {
    if (step >= this.length - 1) return;
    this.length = step + 1;
    while (this.failureCount > 0 && this.failureSteps[this.failureCount - 1] > step) this.failureCount--;
    while (this.sampleCount > 0 && this.sampleSteps[this.sampleCount - 1] > step) this.sampleCount--;
    // Visits and failure samples spent on the dropped steps stay spent: the budgets only grow tighter.
    this.peakStep = this.firstStepReaching(this.peak[step], step);
  }

  /** The failure steps recorded (a view, valid until the next record). */
  failures(): Int32Array {
    return this.failureSteps.subarray(0, this.failureCount);
  }

  /** Bytes the series hold. O(1). */
  get bytes(): number {
    return (
      this.payload.byteLength + this.footprint.byteLength + this.peak.byteLength + this.result.byteLength +
      this.failureSteps.byteLength + this.failureCodes.byteLength + this.sampleSteps.byteLength + this.fragmentation.byteLength
    );
  }

  /** The first step k <= `last` with peak[k] >= `value` (peak never decreases). O(log steps). */
  private firstStepReaching(value: number, last: number): number {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.peak[mid] >= value) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private pushFailure(step: number, code: number): void {
    if (this.failureCount === this.failureSteps.length) {
      this.failureSteps = grown(this.failureSteps);
      this.failureCodes = grown(this.failureCodes);
    }
    this.failureSteps[this.failureCount] = step;
    this.failureCodes[this.failureCount] = code;
    this.failureCount++;
  }

  private pushSample(step: number, value: number): void {
    if (this.sampleCount === this.sampleSteps.length) {
      this.sampleSteps = grown(this.sampleSteps);
      this.fragmentation = grown(this.fragmentation);
    }
    this.sampleSteps[this.sampleCount] = step;
    this.fragmentation[this.sampleCount] = value;
    this.sampleCount++;
  }

  private growSteps(): void {
    this.payload = grown(this.payload);
    this.footprint = grown(this.footprint);
    this.peak = grown(this.peak);
    this.result = grown(this.result);
  }
}

/** A copy of `a` in an array twice as long. O(length). */
function grown<T extends Uint32Array | Int32Array | Int8Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (n: number) => T)(a.length * 2);
  out.set(a);
  return out;
}
