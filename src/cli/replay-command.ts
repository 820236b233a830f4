import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeError } from '../core/failure.ts';
import type { OpResult } from '../core/driver.ts';
import { measureThroughput, replayTrace } from '../core/replay.ts';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../core/strategy.ts';
import { TraceReader, type ReadOptions } from '../core/trace/read-trace.ts';
import type { Trace } from '../core/trace/trace.ts';
import { formatWarning, TraceError } from '../core/trace/trace-error.ts';
import { parseHeapSize, parsePid, UsageError } from './args.ts';
import { Output } from './output.ts';
import { formatSummary, summarize } from './summary.ts';
import { isScenarioTrace } from '../core/scenario/scenario-parser.ts';

export const DEFAULT_HEAP = 64 * 1024 * 1024;

export const REPLAY_USAGE = `usage: lululucator replay FILE [--strategy NAME] [--heap BYTES] [--pid PID] [--json] [--events] [--check]
  --strategy  ${STRATEGY_NAMES.join(' | ')} (default lululucator, or a scenario file's own)
  --heap      bytes the allocator may use, e.g. 65536 or 64MiB (default 64MiB, or a scenario file's own)
  --pid       for a trace of several processes, the one to replay (default: the busiest)
  --json      the summary as one JSON object
  --events    one JSON line per operation before the summary
  --check     check every heap invariant after every operation (exit 3 on the first broken one)`;

/** Reads a trace file as a stream of chunks; bad input throws TraceError. */
export async function readTraceFile(path: string, options: ReadOptions): Promise<Trace> {
  const reader = new TraceReader(path, options);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) reader.push(chunk as Buffer);
  } catch (e) {
    if (e instanceof TraceError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new UsageError(`${path}: no such file`);
    if (err.code === 'EISDIR') throw new UsageError(`${path}: is a directory, not a trace`);
    if (err.code === 'EACCES') throw new UsageError(`${path}: permission denied`);
    throw e;
  }
  return reader.end();
}

/** `replay`: the exit code (0 replayed, 2 bad input or usage, 3 broken invariant). */
export async function replayCommand(argv: string[], stdout: Output, stderr: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      strategy: { type: 'string' },
      heap: { type: 'string' },
      pid: { type: 'string' },
      json: { type: 'boolean', default: false },
      events: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    stdout.line(REPLAY_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`replay takes one trace file\n${REPLAY_USAGE}`);
  const strategyName = values.strategy;
  if (strategyName !== undefined && !isStrategyName(strategyName)) {
    throw new UsageError(`--strategy ${strategyName}: expected one of ${STRATEGY_NAMES.join(', ')}`);
  }
  const heapOption = values.heap !== undefined ? parseHeapSize(values.heap) : undefined;
  const readOptions: ReadOptions = values.pid !== undefined ? { pid: parsePid(values.pid) } : {};

  const trace = await readTraceFile(positionals[0], readOptions);
  // A scenario file names its own strategy and heap; the options override them.
  const saved = isScenarioTrace(trace) ? trace.scenario : null;
  const strategy: StrategyName = strategyName ?? saved?.strategy ?? 'lululucator';
  const heapSize = heapOption ?? saved?.heapSize ?? DEFAULT_HEAP;
  for (const w of trace.warnings) stderr.line(formatWarning(trace.file, w));

  const onOp = values.events ? (i: number, r: OpResult) => stdout.line(eventLine(i, r)) : undefined;
  const outcome = replayTrace(trace, { strategy, heapSize, onOp, check: values.check });
  if (outcome.broken) {
    stdout.flush();
    const b = outcome.broken;
    stderr.line(`${trace.file}:${b.line}: heap check failed after operation ${b.index} (${b.op}) with ${strategy}: ${b.rule}`);
    return 3;
  }
  const opsPerSecond = measureThroughput(trace, strategy, heapSize, 100);
  const summary = summarize(trace, strategy, heapSize, outcome.metrics, opsPerSecond, values.check);
  if (values.json) stdout.line(JSON.stringify(summary));
  else for (const line of formatSummary(summary)) stdout.line(line);
  return 0;
}

/** One `--events` line: CONTRACT.md's fields, then the strategy's own actions. */
export function eventLine(i: number, r: OpResult): string {
  const line: Record<string, unknown> = { i, op: r.op, id: r.id };
  if (r.op !== 'free') line.size = r.size;
  line.offset = r.offset;
  if (r.ok) line.span = r.span;
  else line.error = describeError(r.error);
  if (r.events.length > 0) line.actions = r.events;
  return JSON.stringify(line);
}
