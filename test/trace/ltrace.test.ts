import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { LtraceParser } from '../../src/core/trace/ltrace.ts';
import { errorOf, FIXTURES, opsOf, peakPayloadOf, readFixture, warningsOf } from './support.ts';

const MiB = 1024 * 1024;

describe('ltrace -L -x malloc@libc.so.6+...', () => {
  it('joins calls split over <unfinished ...> and <... resumed>, folding the nested malloc and free into their realloc', () => {
    const trace = readFixture('ltrace/basic.txt');
    expect(trace.format).toBe('ltrace');
    expect(opsOf(trace)).toEqual(['a0 1 @1', 'a1 208 @2', 'a2 1600 @3', 'r2 2000 @6', 'f1 @7', 'a3 32 @11', 'f0 @12']);
    expect(trace.processes).toEqual([]);
    expect(trace.pid).toBeNull();
    // malloc(0) is replayed as 1 byte: 1 + 208 + 2000 at the worst moment.
    expect(replayTrace(trace, { strategy: 'lululucator', heapSize: 64 * MiB }).metrics.peakPayload).toBe(2209);
    expect(warningsOf(trace)).toEqual([
      '1: zero-byte allocation (the program gets a unique pointer; the engine refuses size 0): replayed as 1 byte',
      '13: an allocation of 24 bytes returned NULL in the program (it failed there): skipped',
      '14: free(0x55a7dc779a00) never returned (the process exited, crashed or called exec() inside it): skipped',
    ]);
  });

  it('keeps the processes of ltrace -f apart, replays the busiest and starts a heap over at exec()', () => {
    const trace = readFixture('ltrace/fork.txt');
    expect(trace.processes).toEqual([
      { pid: 700, command: null, calls: 4 },
      { pid: 701, command: null, calls: 3 },
    ]);
    expect(trace.pid).toBe(700);
    expect(opsOf(trace)).toEqual(['a0 5 @1', 'a1 472 @2', 'f0 @6', 'f1 @16']);
    expect(peakPayloadOf(trace)).toBe(477);
    expect(trace.warnings).toEqual([]);
  });

  it('replays the child after its exec() with --pid', () => {
    const trace = readFixture('ltrace/fork.txt', { pid: 701 });
    expect(opsOf(trace)).toEqual(['a0 1600 @9', 'a1 35 @12', 'f0 @13']);
    expect(peakPayloadOf(trace)).toBe(1635);
    expect(warningsOf(trace)).toEqual(['8: exec() at line 8: the process runs a new program with a new heap; its 2 earlier calls are left out of the replay']);
  });

  it('reads the [pid N] prefix, timestamps and -T durations', () => {
    const trace = readFixture('ltrace/pid-brackets.txt');
    expect(trace.processes.map((p) => [p.pid, p.calls])).toEqual([
      [900, 3],
      [901, 1],
    ]);
    expect(opsOf(trace)).toEqual(['a0 64 @1', 'r0 128 @2', 'f0 @4']);
    expect(peakPayloadOf(trace)).toBe(128);
  });

  it('reads ltrace without -L: the library call nested in the program\'s own is part of it, other functions are skipped', () => {
    const trace = readFixture('ltrace/without-L.txt');
    expect(opsOf(trace)).toEqual(['a0 1 @1', 'a1 208 @4', 'f1 @5']);
    expect(peakPayloadOf(trace)).toBe(209);
    expect(warningsOf(trace)).toEqual([
      '1: zero-byte allocation (the program gets a unique pointer; the engine refuses size 0): replayed as 1 byte',
      '8: strdup is not an allocation function: skipped',
    ]);
  });

  it('does not replay plain ltrace -e output, and says which command to use instead', () => {
    const trace = readFixture('ltrace/e-form.txt');
    expect(trace.ops.length).toBe(0);
    expect(trace.warnings).toHaveLength(1);
    expect(trace.warnings[0].line).toBe(1);
    expect(trace.warnings[0].message).toContain("ltrace -L -x 'malloc@libc.so.6+free@libc.so.6+realloc@libc.so.6+calloc@libc.so.6'");
    expect(trace.warnings[0].message).toContain('misses the calls');
  });
});

describe('ltrace lines read from bytes', () => {
  it.each(['ltrace/basic.txt', 'ltrace/fork.txt', 'ltrace/without-L.txt', '../../../public/traces/ls.ltrace'])(
    '%s gives the same operations, warnings and processes as its lines read one by one as text',
    (name) => {
      const fromBytes = readFixture(name);
      const parser = new LtraceParser(name);
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

describe('ltrace traces that are bad input', () => {
  it.each([
    ['ltrace/bad-unfinished.txt', 2, 'the trace ends before realloc(0x55745822c2a0, 128 <unfinished ...> resumes: the file is cut'],
    ['ltrace/bad-cut.txt', 2, 'the call is cut: "malloc@libc.so.6(16)                           " has no ") = RESULT", <unfinished ...> or <no return ...>'],
    ['ltrace/bad-size.txt', 2, '"malloc(-5)": size -5 is negative'],
    ['ltrace/bad-calloc.txt', 2, '"calloc(4611686018427387904, 8)": calloc(4611686018427387904, 8): n * m overflows 64 bits'],
    ['ltrace/bad-unknown.txt', 2, 'unknown line "Hello, world!" in an ltrace trace: expected a call, <... resumed>, --- signal --- or +++ exit +++'],
    ['ltrace/bad-double-free.txt', 4, 'double free: 0x55a7dc77a480 was already freed at line 2 and not allocated since'],
    ['ltrace/bad-resumed.txt', 2, '"<... free resumed> )                             = <void>" resumes free, but the unfinished call is malloc (line 1)'],
  ])('%s is refused at line %i', (file, line, reason) => {
    const e = errorOf(file);
    expect(e.reason).toBe(reason);
    expect(e.line).toBe(line);
  });

  it('refuses --pid on a trace recorded without -f', () => {
    expect(errorOf('ltrace/basic.txt', { pid: 5 }).message).toBe('ltrace/basic.txt:1: --pid 5: this trace names no processes (ltrace was run without -f), there is only one');
  });
});
