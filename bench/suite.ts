import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTraceText } from '../src/core/trace/read-trace.ts';
import type { Trace } from '../src/core/trace/trace.ts';

/**
 * The benchmark suite: the CS:APP malloc-lab traces that sit beside the
 * project in ../shared/traces/malloclab (read in place, never copied in).
 * Order: mdriver's 11 default traces, the handout's short1/short2, then the
 * newer CMU 15-213 set by name.
 */

/** The project root (bench/..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TRACE_DIR = path.resolve(REPO_ROOT, '../shared/traces/malloclab');

/** mdriver's default traces, in its order: the "standard suite" of the summaries. */
export const STANDARD_TRACES = ['amptjp', 'cccp', 'cp-decl', 'expr', 'coalescing', 'random', 'random2', 'binary', 'binary2', 'realloc', 'realloc2'] as const;

export interface SuiteEntry {
  /** Short name: `amptjp`, `short1`, `cmu-15213/bdd-aa4`. */
  readonly name: string;
  readonly file: string;
  /** One of the 11 default traces (the ones the summaries average). */
  readonly standard: boolean;
}

export function haveSuite(): boolean {
  return existsSync(TRACE_DIR);
}

/** The suite's files, filtered by name: an entry is kept when its name contains one of `filters` (all when empty). O(files). */
export function listSuite(filters: readonly string[] = []): SuiteEntry[] {
  const entries: SuiteEntry[] = [];
  const add = (name: string, file: string, standard: boolean) => {
    if (existsSync(file)) entries.push({ name, file, standard });
  };
  for (const name of STANDARD_TRACES) add(name, path.join(TRACE_DIR, `${name}-bal.rep`), true);
  for (const name of ['short1', 'short2']) add(name, path.join(TRACE_DIR, `${name}-bal.rep`), false);
  const cmu = path.join(TRACE_DIR, 'cmu-15213');
  if (existsSync(cmu)) {
    for (const f of readdirSync(cmu).filter((f) => f.endsWith('.rep')).sort()) add(`cmu-15213/${f.slice(0, -4)}`, path.join(cmu, f), false);
  }
  if (filters.length === 0) return entries;
  return entries.filter((e) => filters.some((f) => e.name.includes(f)));
}

/** Parses one suite file (throws TraceError on bad input). O(file size). */
export function loadTrace(entry: SuiteEntry): Trace {
  return readTraceText(readFileSync(entry.file), entry.file);
}
