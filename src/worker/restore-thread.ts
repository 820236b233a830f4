import { runHeapRestore, type HeapRestoreJob, type RestoreHelper } from '../core/timeline/restore-job.ts';

/**
 * A restore's second thread: a nested worker (restore-helper-worker.ts)
 * that runs part of each restore's heap work on the heap's shared memory
 * while the heap worker runs the rest.
 *
 * The two threads agree through one shared word, the job's state, which
 * carries the job's number (state = number x 8 + code), so a late message
 * of an old job can never run: the heap worker sets REQUESTED and posts the
 * job; the helper moves it REQUESTED -> RUNNING -> DONE (FAILED if it
 * threw: the heap worker then runs the whole job again) and notifies. The
 * heap worker waits for DONE; if the helper has not started within
 * START_WAIT_MS (still loading, busy), it takes the job back (REQUESTED ->
 * CANCELLED) and runs it itself. Compare-and-swap makes the two outcomes
 * exclusive: exactly one thread runs each job.
 */

const CANCELLED = 0;
const REQUESTED = 1;
const RUNNING = 2;
const DONE = 3;
const FAILED = 4;

/** How long the heap worker waits for the helper to pick a job up before running it itself. */
export const START_WAIT_MS = 5;

/** The words the two threads share: the job's state, and READY_WORD. */
export const CONTROL_WORDS = 2;
/** Set to 1 by the helper once it runs: until then (a helper that failed to load, say) no job is handed over. */
export const READY_WORD = 1;

/** A job as it crosses to the helper: shared-memory views, and its number. */
export interface RestoreJobMessage {
  readonly job: HeapRestoreJob;
  readonly number: number;
}

function isShared(array: Uint32Array): boolean {
  return typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;
}

/** The heap worker's side. */
export class ThreadRestoreHelper implements RestoreHelper {
  private number = 0;
  private pending: HeapRestoreJob | null = null;

  constructor(
    /** The shared state word (CONTROL_WORDS cells of a SharedArrayBuffer), given to the helper too. */
    private readonly control: Int32Array,
    /** Posts a job to the helper thread. */
    private readonly post: (message: RestoreJobMessage) => void,
  ) {}

  begin(job: HeapRestoreJob): boolean {
    if (Atomics.load(this.control, READY_WORD) !== 1) return false;
    const { base, target } = job;
    if (![base.mask, base.values, target.mask, target.values, job.written, job.into].every(isShared)) return false;
    this.number = (this.number + 1) & 0xfffff;
    this.pending = job;
    Atomics.store(this.control, 0, this.number * 8 + REQUESTED);
    this.post({ job, number: this.number });
    return true;
  }

  end(): void {
    const job = this.pending;
    if (job === null) return;
    this.pending = null;
    const c = this.control;
    const requested = this.number * 8 + REQUESTED;
    const running = this.number * 8 + RUNNING;
    const deadline = performance.now() + START_WAIT_MS;
    for (;;) {
      const state = Atomics.load(c, 0);
      if (state === this.number * 8 + DONE) return;
      if (state === this.number * 8 + FAILED) {
        runHeapRestore(job);
        return;
      }
      if (state === requested) {
        const left = deadline - performance.now();
        if (left > 0) Atomics.wait(c, 0, requested, left);
        else if (Atomics.compareExchange(c, 0, requested, this.number * 8 + CANCELLED) === requested) {
          runHeapRestore(job);
          return;
        }
      } else if (state === running) {
        // The helper's part is a bounded loop over memory: it ends.
        Atomics.wait(c, 0, running);
      } else {
        throw new Error(`the restore helper left job ${this.number} in state ${state}`);
      }
    }
  }
}

/** The helper thread's side, once it has the shared words: says it is ready. */
export function announceReady(control: Int32Array): void {
  Atomics.store(control, READY_WORD, 1);
}

/** The helper thread's side: runs a job if it is still the one requested. */
export function serveRestoreJob(control: Int32Array, { job, number }: RestoreJobMessage): void {
  if (Atomics.compareExchange(control, 0, number * 8 + REQUESTED, number * 8 + RUNNING) !== number * 8 + REQUESTED) return;
  let outcome = FAILED;
  try {
    runHeapRestore(job);
    outcome = DONE;
  } finally {
    Atomics.store(control, 0, number * 8 + outcome);
    Atomics.notify(control, 0);
  }
}
