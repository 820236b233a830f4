import type { TraceWarning } from './trace-error.ts';

/**
 * Warnings of one kind counted, not listed: a real trace may skip thousands
 * of frees for the same reason, and the user needs one line saying so, at
 * the first place it happened, with how many there were. Invariant: one
 * entry per kind, holding its first line and detail. Cost: O(1) per note.
 */
export class WarningTally {
  private readonly entries = new Map<string, { line: number; detail: string; count: number; render: Render }>();

  /** Counts one occurrence of `kind`; the first occurrence's line and detail are kept. O(1). */
  note(kind: string, line: number, render: Render, detail = ''): void {
    const entry = this.entries.get(kind);
    if (entry) entry.count++;
    else this.entries.set(kind, { line, detail, count: 1, render });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Occurrences of `kind` so far. */
  count(kind: string): number {
    return this.entries.get(kind)?.count ?? 0;
  }

  clear(): void {
    this.entries.clear();
  }

  /** One warning per kind, at its first line. O(kinds). */
  warnings(): TraceWarning[] {
    return [...this.entries.values()].map((e) => ({ line: e.line, message: e.render(e.count, e.detail) }));
  }
}

/** A warning's text from the number of occurrences and the first one's detail. */
export type Render = (count: number, detail: string) => string;

/** "(3 such calls, the first here)" or "" for one. */
export function times(count: number, what: string): string {
  return count > 1 ? ` (${count} such ${what}, the first here)` : '';
}
