/**
 * The frees of one process, as an append-only log of (address, line),
 * indexed only when asked. A free costs two sequential writes; the question
 * "was this address freed, and at which line last?" is asked only of an
 * address the process does not hold (a double free, or memory the trace
 * never saw allocated: both rare), and indexes what was appended since the
 * last question. Invariant: `index` holds, for every address in
 * log[0, indexed), the line of its latest free there. Cost: O(1) amortised
 * per note and per question; 16 bytes per free.
 */
export class FreedLog {
  private log = new Float64Array(2048);
  private length = 0;
  private index: Map<number, number> | null = null;
  private indexed = 0;

  /** `addr` was freed at `line`. O(1) amortised. */
  note(addr: number, line: number): void {
    if (this.length + 2 > this.log.length) {
      const grown = new Float64Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.length] = addr;
    this.log[this.length + 1] = line;
    this.length += 2;
  }

  /** The line of the latest free of `addr`, or 0 if it was never freed. O(frees since the last question + 1). */
  lastFree(addr: number): number {
    const index = (this.index ??= new Map());
    const log = this.log;
    for (let i = this.indexed; i < this.length; i += 2) index.set(log[i], log[i + 1]);
    this.indexed = this.length;
    return index.get(addr) ?? 0;
  }

  clear(): void {
    this.length = 0;
    this.index = null;
    this.indexed = 0;
  }
}
