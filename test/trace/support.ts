import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OP_NAMES } from '../../src/core/trace/op-list.ts';
import { TraceReader, type ReadOptions } from '../../src/core/trace/read-trace.ts';
import type { Trace } from '../../src/core/trace/trace.ts';
import { TraceError } from '../../src/core/trace/trace-error.ts';

export const FIXTURES = join(import.meta.dirname, '../fixtures/traces');

/** Reads a fixture under test/fixtures/traces/ through the streaming reader, 7 bytes at a time (lines cut across chunks). */
export function readFixture(name: string, options: ReadOptions = {}): Trace {
  return readInChunks(readFileSync(join(FIXTURES, name)), name, options, 7);
}

/** The streaming reader fed `chunk` bytes at a time. */
export function readInChunks(bytes: Uint8Array, name: string, options: ReadOptions = {}, chunk = 65536): Trace {
  const reader = new TraceReader(name, options);
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  return reader.end();
}

/** A trace's operations as short strings: `a3 16 @7` (alloc id 3 of 16 bytes, line 7), `f3 @9`, `r3 32 @8`. */
export function opsOf(trace: Trace): string[] {
  const out: string[] = [];
  const { ops } = trace;
  for (let i = 0; i < ops.length; i++) {
    const name = OP_NAMES[ops.kind[i]][0];
    out.push(name === 'f' ? `f${ops.id[i]} @${ops.line[i]}` : `${name}${ops.id[i]} ${ops.size[i]} @${ops.line[i]}`);
  }
  return out;
}

/** Peak of the bytes live over the operations (sizes as replayed). O(ops). */
export function peakPayloadOf(trace: Trace): number {
  const size = new Float64Array(trace.idCount);
  let live = 0;
  let peak = 0;
  const { ops } = trace;
  for (let i = 0; i < ops.length; i++) {
    const id = ops.id[i];
    live -= size[id];
    size[id] = OP_NAMES[ops.kind[i]] === 'free' ? 0 : ops.size[i];
    live += size[id];
    if (live > peak) peak = live;
  }
  return peak;
}

/** Warnings as `LINE: start of message`. */
export function warningsOf(trace: Trace): string[] {
  return trace.warnings.map((w) => `${w.line}: ${w.message}`);
}

/** The TraceError reading a fixture throws (fails the test if it reads fine). */
export function errorOf(name: string, options: ReadOptions = {}): TraceError {
  try {
    readFixture(name, options);
  } catch (e) {
    if (e instanceof TraceError) return e;
    throw e;
  }
  throw new Error(`${name} was read without an error`);
}
