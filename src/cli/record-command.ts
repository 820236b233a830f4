import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, createWriteStream, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LTRACE_X_FUNCTIONS } from '../core/trace/ltrace.ts';
import { TraceError } from '../core/trace/trace-error.ts';
import { UsageError } from './args.ts';
import type { Output } from './output.ts';
import { readTraceFile } from './replay-command.ts';

export const RECORD_USAGE = `usage: lululucator record -o FILE [--with valgrind|ltrace] [--children] -- COMMAND [ARGS...]
  -o, --output  the trace file to write
  --with        the tool that watches the program: valgrind (default) or ltrace
  --children    follow child processes too (valgrind --trace-children=yes, ltrace -f);
                the trace then holds every process, and replay takes the busiest (or --pid)`;

type Tool = 'valgrind' | 'ltrace';

/**
 * `record`: runs COMMAND under valgrind (`--trace-malloc=yes`) or ltrace
 * (`-L -x 'malloc@libc.so.6+...'`), the program's own input and output on
 * the terminal, the trace into FILE; then reads the trace back and says what
 * it holds and how the command ended. The exit code: 0 recorded, 1 the tool
 * wrote no trace (the command did not start), 2 usage or a missing tool.
 */
export async function recordCommand(argv: string[], stdout: Output, stderr: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      output: { type: 'string', short: 'o' },
      with: { type: 'string', default: 'valgrind' },
      children: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout.line(RECORD_USAGE);
    return 0;
  }
  const tool = values.with;
  if (tool !== 'valgrind' && tool !== 'ltrace') throw new UsageError(`--with ${tool}: expected valgrind or ltrace`);
  if (values.output === undefined || values.output === '') throw new UsageError(`record needs -o FILE\n${RECORD_USAGE}`);
  if (positionals.length === 0) throw new UsageError(`record needs a command to run, after --\n${RECORD_USAGE}`);
  if (!onPath(tool)) throw new UsageError(`${tool} is not installed; on Debian/Ubuntu: sudo apt-get install ${tool}`);

  const out = values.output;
  const command = positionals;
  // A trace left by an earlier run must not pass for this one's.
  try {
    rmSync(out, { force: true });
  } catch (e) {
    throw new UsageError(`-o ${out}: cannot write the trace there (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const status = tool === 'valgrind' ? await recordValgrind(out, command, values.children) : await recordLtrace(out, command, values.children);
  if (!isNonEmptyFile(out)) {
    stderr.line(`lululucator: ${tool} wrote no trace to ${out}: did "${command[0]}" start? (${describeStatus(status)})`);
    return 1;
  }
  const ended = tool === 'ltrace' ? (ltraceExitStatus(out) ?? describeStatus(status)) : describeStatus(status);
  try {
    const trace = await readTraceFile(out, {});
    const calls = trace.processes.reduce((sum, p) => sum + p.calls, 0);
    const what =
      trace.processes.length > 1
        ? `${trace.processes.length} processes, ${calls} calls (replay takes pid ${trace.pid}, the busiest; --pid for another)`
        : `${trace.ops.length} operations`;
    stderr.line(`lululucator: recorded ${out} (${tool}): ${what}; ${command[0]} ${ended}`);
    stderr.line(`  replay it: npm run -s cli -- replay ${out}`);
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    stderr.line(`lululucator: recorded ${out} (${tool}); ${command[0]} ${ended}; but the trace does not replay:`);
    stderr.line(e.message);
  }
  return 0;
}

/** How the tool ended: the program's status for valgrind (which passes it on). */
interface RunStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** valgrind --trace-malloc=yes; with children, one log per process (%p), joined parent first: a shared log would cut lines. */
async function recordValgrind(out: string, command: string[], children: boolean): Promise<RunStatus> {
  if (!children) return run('valgrind', ['--trace-malloc=yes', `--log-file=${out.replace(/%/g, '%%')}`, ...command]);
  const dir = mkdtempSync(join(tmpdir(), 'lululucator-record-'));
  try {
    const logs = join(dir, 'vg.%p').replace(/%(?!p$)/g, '%%');
    let rootPid = -1;
    const status = await run('valgrind', ['--trace-malloc=yes', '--trace-children=yes', `--log-file=${logs}`, ...command], (pid) => (rootPid = pid));
    const files = readdirSync(dir)
      .filter((f) => /^vg\.\d+$/.test(f))
      .map((f) => ({ path: join(dir, f), pid: Number(f.slice(3)), born: statSync(join(dir, f)).birthtimeMs }))
      .sort((a, b) => Number(b.pid === rootPid) - Number(a.pid === rootPid) || a.born - b.born || a.pid - b.pid);
    if (files.length > 0) {
      const sink = createWriteStream(out);
      for (const f of files) sink.write(readFileSync(f.path));
      await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
    return status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function recordLtrace(out: string, command: string[], children: boolean): Promise<RunStatus> {
  return run('ltrace', ['-L', '-x', LTRACE_X_FUNCTIONS, ...(children ? ['-f'] : []), '-o', out, '--', ...command]);
}

/** Runs the tool with the terminal handed over; Ctrl-C goes to the program, and we wait for the tool to finish its trace. */
function run(tool: Tool, args: string[], onStart?: (pid: number) => void): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const child = spawn(tool, args, { stdio: 'inherit' });
    if (child.pid !== undefined) onStart?.(child.pid);
    child.on('error', (e) => {
      process.off('SIGINT', ignore);
      reject(e);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve({ code, signal });
    });
  });
}

function describeStatus(s: RunStatus): string {
  return s.signal !== null ? `was killed by ${s.signal}` : `exited with status ${s.code}`;
}

/**
 * ltrace does not pass the status on: the trace's `+++ exited (status N) +++`
 * or `+++ killed by SIG +++` of its first process says it. Reads the first
 * and last 64 KiB only (the first process is the first named, and ends last).
 */
function ltraceExitStatus(file: string): string | null {
  const head = readSlice(file, 0);
  const tail = readSlice(file, -1);
  const first = /^(?:\[pid (\d+)\] |(\d+) +)/m.exec(head);
  const rootPid = first ? (first[1] ?? first[2]) : null;
  let found: string | null = null;
  for (const m of tail.matchAll(/^(?:\[pid (\d+)\] |(\d+) +)?\+\+\+ (?:exited \(status (\d+)\)|killed by (\w+)).* \+\+\+$/gm)) {
    if (rootPid !== null && (m[1] ?? m[2]) !== rootPid) continue;
    found = m[3] !== undefined ? `exited with status ${m[3]}` : `was killed by ${m[4]}`;
  }
  return found;
}

/** 64 KiB from the start (at 0) or the end (at -1) of a file. */
function readSlice(file: string, at: 0 | -1): string {
  const size = statSync(file).size;
  const length = Math.min(size, 65536);
  const buf = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, length, at === 0 ? 0 : size - length);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

function onPath(name: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function isNonEmptyFile(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}
