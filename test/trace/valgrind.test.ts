import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { ValgrindParser } from '../../src/core/trace/valgrind.ts';
import { errorOf, FIXTURES, opsOf, peakPayloadOf, readFixture, warningsOf } from './support.ts';

const MiB = 1024 * 1024;

describe('valgrind --trace-malloc=yes', () => {
  it('maps malloc, calloc, realloc(NULL, n), realloc(p, 0) and free(NULL) to ids', () => {
    const trace = readFixture('valgrind/basic.log');
    expect(trace.format).toBe('valgrind');
    expect(opsOf(trace)).toEqual(['a0 16 @7', 'a1 208 @8', 'a2 1600 @9', 'r2 2048 @10', 'f0 @11', 'f1 @12', 'a3 24 @15', 'f2 @16']);
    expect(trace.idCount).toBe(4);
    expect(trace.warnings).toEqual([]);
    // free(NULL) is not counted as a call.
    expect(trace.processes).toEqual([{ pid: 4242, command: './basic', calls: 8 }]);
    expect(trace.pid).toBe(4242);
    // A real trace states no heap size: four times its peak, at least 1 MiB.
    expect(trace.suggestedHeap).toBe(MiB);
    const outcome = replayTrace(trace, { strategy: 'lululucator', heapSize: 64 * MiB });
    expect(outcome.metrics.peakPayload).toBe(16 + 208 + 2048);
    expect(outcome.metrics.payload).toBe(24);
  });

  it('reads C++ new and delete in all their forms, memalign, and skips malloc_usable_size', () => {
    const trace = readFixture('valgrind/cxx.log');
    expect(opsOf(trace)).toEqual([
      'a0 72704 @5',
      'a1 4 @6',
      'a2 8 @7',
      'f1 @8',
      'a3 28 @9',
      'f3 @10',
      'a4 16 @11',
      'f4 @12',
      'a5 100 @13',
      'f5 @15',
      'a6 40 @16',
      'f6 @17',
      'f2 @18',
      'f0 @19',
    ]);
    expect(peakPayloadOf(trace)).toBe(72704 + 8 + 100);
    expect(warningsOf(trace)).toEqual([
      '11: aligned allocation (memalign, aligned_alloc, aligned new): replayed as a plain one, the strategy\'s own alignment (2 such allocations, the first here)',
    ]);
  });

  it('reads through error reports, stack traces and warnings glued to a call, and warns where the replay skips', () => {
    const trace = readFixture('valgrind/noisy.log');
    expect(opsOf(trace)).toEqual(['a0 300000000 @5', 'a1 40 @7', 'a2 1 @15', 'f0 @17', 'f1 @19']);
    // malloc(0) is replayed as 1 byte.
    expect(peakPayloadOf(trace)).toBe(300000000 + 40 + 1);
    expect(warningsOf(trace)).toEqual([
      '8: free of 0x1fff0005ec, an address this trace never allocated (memory from before tracing began, a parent process\'s or another thread\'s, or an invalid free): skipped',
      '15: zero-byte allocation (the program gets a unique pointer; the engine refuses size 0): replayed as 1 byte',
      '16: an allocation of 100000000000000 bytes returned NULL in the program (it failed there): skipped',
    ]);
  });

  it('lists every process of a --trace-children=yes trace and replays the busiest by default', () => {
    const trace = readFixture('valgrind/children.log');
    expect(trace.processes).toEqual([
      { pid: 100, command: 'sh -c sort data | uniq', calls: 4 },
      { pid: 101, command: '/usr/bin/sort data', calls: 5 },
    ]);
    expect(trace.pid).toBe(101);
    expect(opsOf(trace)).toEqual(['a0 5 @11', 'a1 4096 @12', 'a2 1600 @14', 'f1 @15', 'f2 @16']);
    expect(replayTrace(trace, { strategy: 'lululucator', heapSize: 64 * MiB }).metrics.peakPayload).toBe(5 + 4096 + 1600);
  });

  it('replays the process --pid names', () => {
    const trace = readFixture('valgrind/children.log', { pid: 100 });
    expect(trace.pid).toBe(100);
    expect(opsOf(trace)).toEqual(['a0 5 @5', 'a1 472 @6', 'f0 @13', 'f1 @22']);
    expect(peakPayloadOf(trace)).toBe(477);
  });

  it('refuses a --pid that is not in the trace, naming the pids found', () => {
    const e = errorOf('valgrind/children.log', { pid: 7 });
    expect(e.message).toBe('valgrind/children.log:1: --pid 7: no such process in this trace; it holds 100 (sh -c sort data | uniq), 101 (/usr/bin/sort data)');
  });

  it('starts a process\'s heap over when valgrind follows it through exec()', () => {
    const trace = readFixture('valgrind/exec.log');
    expect(opsOf(trace)).toEqual(['a0 30 @11', 'f0 @12']);
    expect(trace.processes).toEqual([{ pid: 300, command: '/bin/ls', calls: 2 }]);
    expect(warningsOf(trace)).toEqual(['8: exec() of "/bin/ls" at line 8: the process runs a new program with a new heap; its 2 earlier calls are left out of the replay']);
  });

  it('accepts a forked child whose summary counts the blocks it inherited', () => {
    const trace = readFixture('valgrind/forked-child.log');
    expect(opsOf(trace)).toEqual(['a0 8192 @5', 'a1 512 @7']);
    expect(warningsOf(trace)).toHaveLength(1);
    expect(warningsOf(trace)[0]).toMatch(/^6: free of 0x4a4b5b0, an address this trace never allocated/);
  });
});

describe('valgrind lines read from bytes', () => {
  it.each(['valgrind/basic.log', 'valgrind/cxx.log', 'valgrind/noisy.log', 'valgrind/children.log', 'recorded/python3-dict.vg'])(
    '%s gives the same operations, warnings and processes as its lines read one by one as text',
    (name) => {
      const fromBytes = readFixture(name);
      const parser = new ValgrindParser(name);
      const lines = readFileSync(join(FIXTURES, name), 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      lines.forEach((text, i) => parser.line(text, i + 1));
      const fromText = parser.finish(lines.length);
      expect(opsOf(fromText)).toEqual(opsOf(fromBytes));
      expect(fromText.warnings).toEqual(fromBytes.warnings);
      expect(fromText.processes).toEqual(fromBytes.processes);
    },
  );
});

describe('valgrind traces that are bad input', () => {
  it.each([
    ['valgrind/bad-truncated.log', 4, 'the trace ends inside malloc(16), which never got its result: the file is cut'],
    ['valgrind/bad-cut.log', 2, 'the call is cut: "realloc(0x4A40040,2" has no closing parenthesis'],
    ['valgrind/bad-size.log', 3, '"malloc(18446744073709551615)": size 18446744073709551615 is absurd (a negative size passed as unsigned?)'],
    ['valgrind/bad-calloc.log', 3, '"calloc(4611686018427387904,8)": calloc(4611686018427387904, 8): n * m overflows 64 bits'],
    [
      'valgrind/bad-unknown.log',
      3,
      'unknown line "hello from the program on stderr" in a valgrind trace: its lines start with ==PID== or --PID-- (did the program write to the same stream? record with valgrind --log-file=FILE)',
    ],
    [
      'valgrind/bad-summary.log',
      8,
      "valgrind's summary says 0 bytes in 0 blocks are in use at exit, but the calls above leave 32 bytes in 1 blocks: lines are missing or edited",
    ],
    ['valgrind/bad-double-free.log', 4, 'double free: 0x4a41390 was already freed at line 3 and not allocated since'],
    [
      'valgrind/bad-mixed.log',
      3,
      'two processes\' output is mixed on one line: "--8889-- free(0x4A--8847-- free(0x4A41130)" (record each process to its own file: valgrind --log-file=NAME.%p, or lululucator record --children)',
    ],
  ])('%s is refused at line %i', (file, line, reason) => {
    const e = errorOf(file);
    expect(e.line).toBe(line);
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(`${file}:${line}: ${reason}`);
  });
});
