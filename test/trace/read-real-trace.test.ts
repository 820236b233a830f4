import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticValgrindLog } from '../../bench/parse.ts';
import { TraceReader, type ReadProgress } from '../../src/core/trace/read-trace.ts';
import { TraceError } from '../../src/core/trace/trace-error.ts';
import { errorOf, FIXTURES, opsOf, readInChunks } from './support.ts';

function thrown(f: () => unknown): TraceError {
  try {
    f();
  } catch (e) {
    if (e instanceof TraceError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('reading real-program traces', () => {
  it('refuses an empty file at line 1', () => {
    expect(errorOf('empty.log').message).toBe('empty.log:1: empty file: no trace in it');
  });

  it('refuses binary data at line 1', () => {
    expect(errorOf('binary.gz').message).toBe('binary.gz:1: binary data (a NUL byte): not a text trace');
  });

  it('tells the format from the content, not the name', () => {
    const valgrind = readFileSync(join(FIXTURES, 'valgrind/basic.log'));
    const ltrace = readFileSync(join(FIXTURES, 'ltrace/fork.txt'));
    expect(readInChunks(valgrind, 'trace.rep').format).toBe('valgrind');
    expect(readInChunks(ltrace, 'trace.log').format).toBe('ltrace');
    const startsWithASignal = new TextEncoder().encode(`--- SIGCHLD (Child exited) ---\n${readFileSync(join(FIXTURES, 'ltrace/basic.txt'), 'utf8')}`);
    expect(readInChunks(startsWithASignal, 'x').format).toBe('ltrace');
  });

  it('reads the same operations whatever the chunks the bytes come in', () => {
    for (const name of ['valgrind/basic.log', 'valgrind/children.log', 'ltrace/basic.txt', 'ltrace/fork.txt']) {
      const bytes = readFileSync(join(FIXTURES, name));
      const whole = opsOf(readInChunks(bytes, name, {}, bytes.length));
      expect(opsOf(readInChunks(bytes, name, {}, 1))).toEqual(whole);
      expect(opsOf(readInChunks(bytes, name, {}, 13))).toEqual(whole);
    }
  });

  it('reports its progress after every chunk, up to the whole file', () => {
    const bytes = readFileSync(join(FIXTURES, 'valgrind/basic.log'));
    const seen: ReadProgress[] = [];
    readInChunks(bytes, 'basic.log', { onProgress: (p) => seen.push(p) }, 100);
    expect(seen).toHaveLength(Math.ceil(bytes.length / 100));
    expect(seen.map((p) => p.bytes)).toEqual(seen.map((_, i) => Math.min(bytes.length, (i + 1) * 100)));
    expect(seen[seen.length - 1].lines).toBe(31);
  });

  it('streams a large valgrind log in chunks and checks its summary', () => {
    const log = syntheticValgrindLog(300_000, 7, 64 * 1024);
    const reader = new TraceReader('large.vg');
    let calls = 0;
    const withProgress = new TraceReader('large.vg', { onProgress: () => calls++ });
    for (const chunk of log.chunks) {
      reader.push(chunk);
      withProgress.push(chunk);
    }
    const trace = reader.end();
    withProgress.end();
    expect(trace.ops.length).toBe(log.ops);
    expect(trace.processes).toEqual([{ pid: 31337, command: './synthetic --seed 7', calls: expect.any(Number) }]);
    expect(calls).toBe(log.chunks.length);
  });

  it('gives up at once on a line too long to be a trace line, without reading on', () => {
    const reader = new TraceReader('huge-line.log');
    reader.push(new TextEncoder().encode('--1-- malloc(16) = 0x4A40040\n'));
    const e = thrown(() => reader.push(new Uint8Array(1 << 20).fill(65)));
    expect(e.line).toBe(2);
    expect(e.reason).toMatch(/longer than 65536 characters/);
  });

  it('never tries to allocate what a bad line asks: an absurd size is an error before any replay', () => {
    const text = '--5-- malloc(300000000000000) = 0x4A40040\n';
    const e = thrown(() => readInChunks(new TextEncoder().encode(text), 'absurd.log'));
    expect(e.message).toBe('absurd.log:1: "malloc(300000000000000)": size 300000000000000 is absurd (more than 2^48 bytes)');
  });
});
