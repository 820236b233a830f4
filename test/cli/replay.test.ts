import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const fixture = (name: string) => join(root, 'test/fixtures/rep', name);

/** Runs the command line as a user does (`npm run -s cli -- ...`), without npm's start-up cost. */
export function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function events(stdout: string) {
  return stdout
    .trim()
    .split('\n')
    .slice(0, -1)
    .map((l) => JSON.parse(l));
}

describe('replay on the command line', () => {
  it('prints the Lululucator offsets worked out by hand from ALLOCATOR.md, one JSON line per operation', () => {
    const r = cli('replay', fixture('golden-split.rep'), '--events', '--json', '--check');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ev = events(r.stdout);
    expect(ev.map((e) => e.offset)).toEqual([0, 104, 360, 104, 104, 0, 208, 0]);
    expect(ev.map((e) => e.op)).toEqual(['alloc', 'alloc', 'alloc', 'free', 'alloc', 'free', 'alloc', 'realloc']);
    expect(ev[4].actions).toEqual([{ kind: 'reuse', how: 'split', node: 104, offset: 104, span: 104, left: 152, rest: 208, list: 0 }]);
    expect(ev[6]).toMatchObject({ i: 6, size: 130, offset: 208, span: 152 });
    expect(ev[7].actions.map((a: { kind: string }) => a.kind)).toEqual(['reuse', 'move', 'push']);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ format: 'rep', strategy: 'lululucator', ops: 8, failed: 0, peakPayload: 360, footprint: 384, checked: true });
    expect(summary.utilization).toBeCloseTo(360 / 384, 6);
  });

  it('counts an allocation past the heap end as failed, says why, and treats the later free of it as free(NULL)', () => {
    const r = cli('replay', fixture('golden-oom.rep'), '--heap', '96', '--events', '--json');
    expect(r.code).toBe(0);
    const ev = events(r.stdout);
    expect(ev.map((e) => e.offset)).toEqual([0, 40, null, 0, null, 0]);
    expect(ev[2].error).toBe('out of memory: 32 bytes asked, only 24 bytes free in all');
    expect(ev[4].error).toBeUndefined();
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ ops: 6, failed: 1 });
  });

  it('reads the CMU header and CRLF line ends with trailing spaces', () => {
    const r = cli('replay', fixture('cmu-crlf.rep'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ops: 6, peakPayload: 64, failed: 0 });
  });

  it('runs every strategy name it lists', () => {
    const r = cli('replay', fixture('golden-split.rep'), '--strategy', 'no-such', '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--strategy no-such: expected one of lululucator, bump, first-fit/);
  });
});

describe('bad .rep input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lulu-rep-'));
  const cases: [string, string | Buffer, string][] = [
    ['empty.rep', '', 'empty.rep:1: empty file: no trace in it'],
    ['binary.rep', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), 'binary.rep:1: binary data (a NUL byte): not a text trace'],
    ['short.rep', '0\n2\n3\n1\na 0 8\nf 0\n', 'short.rep:6: the header promises 3 operations, the file holds 2'],
    ['long.rep', '0\n2\n1\n1\na 0 8\nf 0\n', 'long.rep:6: the header promises 1 operations, this is one more'],
    ['never.rep', '0\n2\n2\n1\na 0 8\nf 1\n', 'never.rep:6: free of id 1, which is never allocated'],
    ['double.rep', '0\n2\n3\n1\na 0 8\nf 0\nf 0\n', 'double.rep:7: free of id 0, which is already freed'],
    ['negative.rep', '0\n2\n1\n1\na 0 -8\n', 'negative.rep:5: size -8 is negative'],
    ['absurd.rep', '0\n2\n1\n1\na 0 99999999999999999999\n', 'absurd.rep:5: size 99999999999999999999 is absurd (more than 2^48 bytes)'],
    ['unknown.rep', '0\n2\n2\n1\na 0 8\nx 0\n', 'unknown.rep:6: unknown operation "x 0": expected a ID SIZE, f ID or r ID SIZE'],
    ['outside.rep', '0\n2\n1\n1\na 5 8\n', 'outside.rep:5: id 5 is outside the header\'s 2 ids (0..1)'],
    ['peak.rep', '1\n1\n2\n100\na 0 8\nf 0\n', 'peak.rep:4: the header says the peak live payload is 100 bytes, the operations reach 8'],
    ['prose.rep', 'hello world\n', 'prose.rep:1: not a trace this explorer reads: expected a malloc-lab .rep, valgrind --trace-malloc=yes or ltrace output, or a scenario'],
  ];
  for (const [name, content, message] of cases) {
    it(`reports ${name.replace('.rep', '')} input as "${message.split(': ').slice(1).join(': ')}" with exit 2 and nothing on stdout`, () => {
      const file = join(dir, name);
      writeFileSync(file, content);
      const r = cli('replay', file, '--json');
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe(`${file.replace(name, '')}${message}`);
      expect(r.code).toBe(2);
    });
  }

  it('says so when the file does not exist', () => {
    const r = cli('replay', join(dir, 'missing.rep'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.rep: no such file/);
  });
});

describe('replay of a saved scenario', () => {
  const file = join(root, 'test/fixtures/scenario/first-fit-clicks.json');

  it('uses the strategy and heap size the scenario names', () => {
    const r = cli('replay', file, '--events', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(events(r.stdout).map((e) => e.offset)).toEqual([0, 104, 0, 0]);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ format: 'scenario', strategy: 'first-fit', heapSize: 1024, ops: 4 });
  });

  it('lets --strategy and --heap override the scenario', () => {
    const r = cli('replay', file, '--strategy', 'lululucator', '--heap', '4096', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ strategy: 'lululucator', heapSize: 4096 });
  });
});
