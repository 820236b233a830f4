import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support.ts';

const TSX = join('node_modules', 'tsx', 'dist', 'cli.mjs');

/** Runs the command line as a user would; PATH may be replaced (to hide valgrind and ltrace). */
function cli(args: string[], path?: string): { status: number | null; stdout: string; stderr: string } {
  const env = path === undefined ? process.env : { ...process.env, PATH: path };
  const run = spawnSync(process.execPath, [TSX, 'src/cli/main.ts', ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const fixture = (name: string) => join(FIXTURES, name);

describe('replay of real-program traces on the command line', () => {
  it('says FILE:LINE: reason on bad input, exits 2, prints nothing on stdout and no stack trace', () => {
    const file = fixture('valgrind/bad-double-free.log');
    const run = cli(['replay', file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${file}:4: double free: 0x4a41390 was already freed at line 3 and not allocated since\n`);
  });

  it('refuses binary data at line 1', () => {
    const file = fixture('binary.gz');
    const run = cli(['replay', file, '--json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${file}:1: binary data (a NUL byte): not a text trace\n`);
  });

  it('replays a trace with warnings, each on stderr as FILE:LINE: warning: ...', () => {
    const file = fixture('ltrace/fork.txt');
    const run = cli(['replay', file, '--pid', '701', '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`${file}:8: warning: exec() at line 8: the process runs a new program with a new heap; its 2 earlier calls are left out of the replay\n`);
    const summary = JSON.parse(run.stdout) as { format: string; ops: number; peakPayload: number; pid: number; processes: unknown[] };
    expect(summary).toMatchObject({ format: 'ltrace', ops: 3, peakPayload: 1635, pid: 701 });
    expect(summary.processes).toHaveLength(2);
  });
});

describe('record', () => {
  it('says how to install valgrind when it is missing, and exits 2', () => {
    const run = cli(['record', '-o', '/tmp/never-written.vg', '--', 'ls'], '/nonexistent');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('lululucator: valgrind is not installed; on Debian/Ubuntu: sudo apt-get install valgrind\n');
  });

  it('says how to install ltrace when it is missing', () => {
    const run = cli(['record', '--with', 'ltrace', '-o', '/tmp/never-written.lt', '--', 'ls'], '/nonexistent');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('lululucator: ltrace is not installed; on Debian/Ubuntu: sudo apt-get install ltrace\n');
  });

  it('needs an output file and a command', () => {
    const run = cli(['record', '--', 'ls']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^lululucator: record needs -o FILE\n/);
  });
});
