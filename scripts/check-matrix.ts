/**
 * Runs `lululucator replay FILE --strategy S --json --check` for every
 * strategy on every trace of the benchmark suite, `--jobs` at a time, and
 * prints one line per run: exit code, seconds, operations, failed operations,
 * and the broken rule if any. Exits 1 when any run broke an invariant or
 * crashed (exit code other than 0). Checking after every operation costs
 * O(blocks) each: the whole suite takes hours of CPU.
 *
 *   npx tsx scripts/check-matrix.ts [--jobs 2] [--strategy a,b] [--trace substring]
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STRATEGY_NAMES } from '../src/core/strategy.ts';

const SUITE = resolve(import.meta.dirname, '../../shared/traces/malloclab');

interface Run {
  readonly strategy: string;
  readonly file: string;
}

interface Outcome extends Run {
  readonly code: number | null;
  readonly seconds: number;
  readonly stdout: string;
  readonly stderr: string;
}

function suiteFiles(): string[] {
  const dirs = [SUITE, join(SUITE, 'cmu-15213')];
  return dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.rep')).map((f) => join(dir, f)));
}

function runOne(run: Run): Promise<Outcome> {
  const began = performance.now();
  const tsx = resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const cli = resolve(import.meta.dirname, '../src/cli/main.ts');
  const child = spawn(tsx, [cli, 'replay', run.file, '--strategy', run.strategy, '--json', '--check']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => {
    child.on('close', (code) => done({ ...run, code, seconds: (performance.now() - began) / 1000, stdout, stderr }));
  });
}

function describe(o: Outcome): string {
  const name = relative(SUITE, o.file).replace(/\.rep$/, '');
  let detail = o.stderr.trim().split('\n')[0] ?? '';
  if (o.code === 0) {
    const summary = JSON.parse(o.stdout) as { ops: number; failed: number; checked: boolean };
    detail = `ops ${summary.ops} failed ${summary.failed}${summary.checked ? '' : ' NOT CHECKED'}`;
  }
  return `${o.strategy.padEnd(12)} ${name.padEnd(28)} exit ${o.code}  ${o.seconds.toFixed(1).padStart(7)} s  ${detail}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '2' },
      strategy: { type: 'string' },
      trace: { type: 'string' },
    },
  });
  if (!existsSync(SUITE)) {
    console.log(`note: ${SUITE} is not here; nothing to check`);
    return;
  }
  const strategies = values.strategy?.split(',') ?? [...STRATEGY_NAMES];
  const files = suiteFiles().filter((f) => values.trace === undefined || f.includes(values.trace));
  // The longest runs first (file size stands in for work), so the short ones fill in at the end.
  files.sort((a, b) => statSync(b).size - statSync(a).size);
  const queue: Run[] = files.flatMap((file) => strategies.map((strategy) => ({ strategy, file })));
  let broken = 0;
  const worker = async (): Promise<void> => {
    for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
      const outcome = await runOne(run);
      if (outcome.code !== 0) broken++;
      console.log(describe(outcome));
    }
  };
  await Promise.all(Array.from({ length: Number(values.jobs) }, worker));
  console.log(broken === 0 ? 'every run passed its checks' : `${broken} run(s) failed`);
  process.exitCode = broken === 0 ? 0 : 1;
}

await main();
