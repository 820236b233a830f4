import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { readTraceText } from '../../src/core/trace/read-trace.ts';

/**
 * The textbook allocator's space utilization on the 11 default malloc-lab
 * traces, as CS:APP's mdriver prints it (util column, rounded percent). The
 * traces are not ours to ship: they are read from ../shared/traces/malloclab
 * beside the project when it is there, and the test is skipped otherwise.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const traceDir = path.resolve(repoRoot, '../shared/traces/malloclab');
const haveTraces = existsSync(traceDir);
if (!haveTraces) console.log(`note: ${traceDir} is absent; the malloc-lab utilization test of implicit is skipped`);

/** mdriver's util column for the book's mm.c (implicit list, first fit). */
const TEXTBOOK_UTIL: readonly [string, number][] = [
  ['amptjp', 99],
  ['cccp', 99],
  ['cp-decl', 99],
  ['expr', 100],
  ['coalescing', 66],
  ['random', 92],
  ['random2', 92],
  ['binary', 55],
  ['binary2', 51],
  ['realloc', 27],
  ['realloc2', 34],
];

/** mdriver's MAX_HEAP. */
const MAX_HEAP = 20 * 1024 * 1024;

function utilizationOf(name: string): number {
  const file = path.join(traceDir, `${name}-bal.rep`);
  const outcome = replayTrace(readTraceText(readFileSync(file), file), { strategy: 'implicit', heapSize: MAX_HEAP });
  expect(outcome.metrics.failed, `${name}: no operation fails within MAX_HEAP`).toBe(0);
  return outcome.metrics.utilization;
}

describe.skipIf(!haveTraces)('implicit on the malloc-lab traces', () => {
  const measured = new Map<string, number>();

  it.each(TEXTBOOK_UTIL)('uses the heap as the textbook code does on %s: %i percent', (name, percent) => {
    const util = utilizationOf(name);
    measured.set(name, util);
    expect(Math.round(util * 100)).toBe(percent);
  });

  it('averages 74% over the 11 traces, as mdriver reports', () => {
    const utils = TEXTBOOK_UTIL.map(([name]) => measured.get(name) ?? utilizationOf(name));
    const mean = utils.reduce((a, b) => a + b, 0) / utils.length;
    expect(Math.round(mean * 100)).toBe(74);
  });
});
