import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENGINE_USAGE, engineOutput, parseBenchArgs, runEngineBench, type EngineBenchOptions } from './engine.ts';

/**
 * `npm run bench`: the engine benchmark (bench/engine.ts), then the trace
 * parsing benchmark (bench/parse.ts, written separately). With --json, ONE
 * JSON object: the engine's result, with the parse benchmark's under `parse`.
 * Exit 0 when it ran or was skipped for want of the malloc-lab traces, 2 on
 * a bad command line.
 */

// ---------------------------------------------------------------------------
// THE ONE IMPORT POINT OF THE PARSE BENCHMARK.
// bench/parse.ts exports `runParseBench(options?): Promise<ParseBenchRow[]>`
// (rows: plain objects). It is loaded only if the file exists, so this runs
// before it is written; once it is there for good, this block may become
// `import { runParseBench } from './parse.ts';`.
const PARSE_BENCH = './parse.ts';
type RunParseBench = (options: { json: boolean; traceFilters: readonly string[] }) => Promise<unknown>;
async function loadParseBench(): Promise<RunParseBench | null> {
  if (!existsSync(fileURLToPath(new URL(PARSE_BENCH, import.meta.url)))) return null;
  const mod = (await import(PARSE_BENCH)) as { runParseBench?: RunParseBench };
  return typeof mod.runParseBench === 'function' ? mod.runParseBench : null;
}
// ---------------------------------------------------------------------------

const NO_PARSE_BENCH = 'note: bench/parse.ts (the trace parsing benchmark) is not there yet; skipped';

async function runParse(options: EngineBenchOptions): Promise<{ result: unknown } | { skipped: string }> {
  const run = await loadParseBench();
  if (run === null) return { skipped: NO_PARSE_BENCH };
  return { result: await run({ json: options.json, traceFilters: options.traceFilters }) };
}

/** A plain table of an array of flat objects (the parse benchmark's rows), else the value as JSON. */
function formatRows(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((r) => typeof r === 'object' && r !== null)) return [JSON.stringify(value, null, 2)];
  const rows = value as Record<string, unknown>[];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : typeof v === 'object' ? JSON.stringify(v) : String(v ?? ''));
  const cells = rows.map((r) => keys.map((k) => cell(r[k])));
  const widths = keys.map((k, c) => Math.max(k.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => v.padEnd(widths[c])).join('  ').trimEnd();
  return [line(keys), ...cells.map(line)];
}

export async function benchMain(argv: string[]): Promise<number> {
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
  const engine = engineOutput(await runEngineBench(options, (line) => process.stderr.write(`${line}\n`)), options.json);
  const parse = await runParse(options);
  if (options.json) {
    if ('skipped' in engine.object) process.stderr.write(`${String(engine.object.skipped)}\n`);
    const parsePart = 'result' in parse ? parse.result : parse;
    process.stdout.write(`${JSON.stringify({ ...engine.object, parse: parsePart })}\n`);
    return 0;
  }
  const parseLines = 'result' in parse ? ['parse benchmark:', ...formatRows(parse.result)] : [parse.skipped];
  process.stdout.write(`${[...engine.lines, '', ...parseLines].join('\n')}\n`);
  return 0;
}

benchMain(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
