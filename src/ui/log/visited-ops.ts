import type { LogEntry } from '../store/app-state.ts';

/** Operations whose details the page keeps. */
export const VISITED_LIMIT = 10_000;

/**
 * The details (events, full error) of the operations the page has seen a
 * reply for, keyed by step (the step an operation leads to: operation i is
 * step i + 1). The timeline's mirror has no events, so a log row shows them
 * only for operations visited: clicked, stepped to, sought.
 *
 * Invariant: every entry is about the timeline as it is: a change that kept
 * steps 0..from forgets the entries past `from`; a change it did not see
 * (the revision moved by more than one) forgets everything. Bounded: past
 * `limit` entries the oldest goes. Memory: one entry per visited operation.
 */
export class VisitedOps {
  private readonly entries = new Map<number, LogEntry>();
  private revision = -1;

  constructor(readonly limit = VISITED_LIMIT) {}

  get size(): number {
    return this.entries.size;
  }

  /** Brings the cache in line with the mirror at `revision`, whose latest change kept steps 0..`from`. O(entries) on a change, O(1) otherwise. */
  follow(revision: number, from: number): void {
    if (revision === this.revision) return;
    if (revision === this.revision + 1) {
      for (const step of this.entries.keys()) if (step > from) this.entries.delete(step);
    } else {
      this.entries.clear();
    }
    this.revision = revision;
  }

  /** Remembers the details of the operation that led to `step` (the newest, should the cache be full). O(1). */
  put(step: number, entry: LogEntry): void {
    this.entries.delete(step);
    this.entries.set(step, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The details of the operation that led to `step`, when seen. O(1). */
  get(step: number): LogEntry | undefined {
    return this.entries.get(step);
  }
}
