import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseHeapSize } from '../src/cli/args.ts';
import { isStrategyName, type StrategyName } from '../src/core/strategy.ts';
import { formatReport, summarize, type StrategySummary } from './engine-report.ts';
import { buildableStrategies, runStrategyTask, type EngineRow, type StrategyTask } from './engine-run.ts';
import { haveSuite, listSuite, TRACE_DIR } from './suite.ts';

/**
 * The engine benchmark: every buildable strategy on every trace of the
 * malloc-lab suite: utilization, the engine's own speed (fast path, no
 * events), failed operations; then one summary line a strategy over the 11
 * standard traces. Strategies run in up to `--jobs` processes at once (one
 * strategy a process at a time; each process parses the traces once).
 */

export const ENGINE_USAGE = `usage: npm run bench -- [--json] [--strategy NAME[,NAME]] [--trace TEXT[,TEXT]] [--heap BYTES] [--jobs N] [--min-ms MS]
  --strategy  only these strategies (repeatable or a comma list; default: every strategy built so far)
  --trace     only the traces whose name contains one of these (repeatable or a comma list), e.g. binary or cmu-15213/
  --heap      the heap each replay gets (default 64MiB; mdriver's MAX_HEAP is 20MiB)
  --jobs      processes to run strategies in (default: min(2, cores))
  --min-ms    repeat a replay until this many ms were spent timing it (default 100); the best run counts
  --json      one JSON object on stdout instead of the table`;

export interface EngineBenchOptions {
  readonly json: boolean;
  readonly strategies: readonly StrategyName[];
  readonly traceFilters: readonly string[];
  readonly heapSize: number;
  readonly jobs: number;
  readonly minMs: number;
  readonly help: boolean;
}

export interface EngineBenchResult {
  readonly heapSize: number;
  readonly minMs: number;
  readonly jobs: number;
  readonly strategies: readonly StrategyName[];
  readonly traces: readonly string[];
  readonly rows: readonly EngineRow[];
  readonly summary: readonly StrategySummary[];
  /** Wall-clock time of the whole engine benchmark. */
  readonly seconds: number;
}

/** A mistake on the command line (exit 2). */
export class BenchUsageError extends Error {}

const list = (values: readonly string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

/** Reads the benchmark's options (shared by bench/main.ts); throws BenchUsageError. */
export function parseBenchArgs(argv: string[]): EngineBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      strategy: { type: 'string', multiple: true },
      trace: { type: 'string', multiple: true },
      heap: { type: 'string', default: '64MiB' },
      jobs: { type: 'string' },
      'min-ms': { type: 'string', default: '100' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const buildable = buildableStrategies();
  const asked = list(values.strategy);
  for (const name of asked) {
    if (!isStrategyName(name)) throw new BenchUsageError(`--strategy ${name}: not a strategy name`);
    if (!buildable.includes(name)) throw new BenchUsageError(`--strategy ${name}: not built yet (built: ${buildable.join(', ')})`);
  }
  const jobs = values.jobs !== undefined ? Number(values.jobs) : Math.min(2, availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) throw new BenchUsageError(`--jobs ${values.jobs}: expected a whole number >= 1`);
  const minMs = Number(values['min-ms']);
  if (!Number.isFinite(minMs) || minMs < 0) throw new BenchUsageError(`--min-ms ${values['min-ms']}: expected a number of milliseconds`);
  let heapSize: number;
  try {
    heapSize = parseHeapSize(values.heap);
  } catch (e) {
    throw new BenchUsageError((e as Error).message);
  }
  return {
    json: values.json,
    strategies: asked.length > 0 ? buildable.filter((n) => asked.includes(n)) : buildable,
    traceFilters: list(values.trace),
    heapSize,
    jobs,
    minMs,
    help: values.help,
  };
}

/** Runs the benchmark; null when the suite is absent. Progress lines go to `progress`. */
export async function runEngineBench(options: EngineBenchOptions, progress: (line: string) => void = () => {}): Promise<EngineBenchResult | null> {
  if (!haveSuite()) return null;
  const entries = listSuite(options.traceFilters);
  const tasks: StrategyTask[] = options.strategies.map((strategy) => ({ strategy, entries, heapSize: options.heapSize, minMs: options.minMs }));
  const t0 = performance.now();
  const perStrategy = options.jobs <= 1 || tasks.length <= 1 ? runHere(tasks, progress) : await runInChildren(tasks, options.jobs, progress);
  const rows = perStrategy.flat();
  return {
    heapSize: options.heapSize,
    minMs: options.minMs,
    jobs: options.jobs,
    strategies: options.strategies,
    traces: entries.map((e) => e.name),
    rows,
    summary: summarize(rows),
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

function runHere(tasks: readonly StrategyTask[], progress: (line: string) => void): EngineRow[][] {
  return tasks.map((task) => {
    const t0 = performance.now();
    const rows = runStrategyTask(task);
    progress(`${task.strategy}: ${rows.length} traces in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return rows;
  });
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-child.ts');

/** One strategy at a time in each of `jobs` forked processes; results in task order. */
async function runInChildren(tasks: readonly StrategyTask[], jobs: number, progress: (line: string) => void): Promise<EngineRow[][]> {
  const results = new Map<StrategyName, EngineRow[]>();
  const queue = [...tasks];
  const lane = () =>
    new Promise<void>((resolve) => {
      const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: StrategyTask | null = null;
      let started = 0;
      const next = () => {
        current = queue.shift() ?? null;
        if (current === null) {
          child.disconnect();
          return;
        }
        started = performance.now();
        child.send(current);
      };
      child.on('message', (m: { strategy: StrategyName; rows: EngineRow[] }) => {
        results.set(m.strategy, m.rows);
        progress(`${m.strategy}: ${m.rows.length} traces in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        next();
      });
      child.on('exit', (code, signal) => {
        if (current !== null) {
          // The process died inside a strategy (a crash, not a failed allocation): report it in every row.
          const why = `the benchmark process died (${signal ?? `exit ${code}`})`;
          results.set(current.strategy, errorRows(current, why));
          progress(`${current.strategy}: ${why}`);
          current = null;
          if (queue.length > 0) {
            void lane().then(resolve);
            return;
          }
        }
        resolve();
      });
      next();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, lane));
  return tasks.map((t) => results.get(t.strategy) ?? errorRows(t, 'no result'));
}

function errorRows(task: StrategyTask, error: string): EngineRow[] {
  return task.entries.map((e) => ({
    strategy: task.strategy,
    trace: e.name,
    standard: e.standard,
    ops: 0,
    failed: 0,
    peakPayload: 0,
    footprint: 0,
    utilization: 0,
    opsPerSecond: 0,
    bestMs: 0,
    runs: 0,
    error,
  }));
}

/** The note printed when the suite is absent. */
export const NO_SUITE = `note: ${TRACE_DIR} is absent; the engine benchmark needs the malloc-lab traces there and is skipped`;

/** The engine benchmark's text or JSON output, as lines. */
export function engineOutput(result: EngineBenchResult | null, json: boolean): { lines: string[]; object: object } {
  if (result === null) return { lines: [NO_SUITE], object: { skipped: NO_SUITE } };
  const lines = [...formatReport(result.rows, result.summary, result.heapSize), '', `(${result.seconds} s with ${result.jobs} job${result.jobs === 1 ? '' : 's'})`];
  return { lines: json ? [] : lines, object: result };
}

/** `tsx bench/engine.ts`: the engine benchmark alone. The exit code. */
export async function engineMain(argv: string[]): Promise<number> {
  let options: EngineBenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${ENGINE_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${ENGINE_USAGE}\n`);
    return 0;
  }
  const result = await runEngineBench(options, (line) => process.stderr.write(`${line}\n`));
  const out = engineOutput(result, options.json);
  if (options.json && result === null) process.stderr.write(`${NO_SUITE}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(out.object)}\n`);
  else process.stdout.write(`${out.lines.join('\n')}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  engineMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
