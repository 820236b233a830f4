/**
 * Parsing speed of the streaming trace reader on valgrind output: a
 * synthetic `valgrind --trace-malloc=yes` log of a few million lines (a
 * program allocating, freeing and reallocating like a real one, with
 * valgrind's banner, glued realloc(NULL) lines, free(0x0) and its exit
 * summary, which the reader checks), fed to TraceReader in 1 MiB chunks as a
 * file would be; and on a malloc-lab `.rep` of a million operations (the
 * page benchmark's generated trace). Run alone: `npx tsx bench/parse.ts [lines]`.
 */
import { pathToFileURL } from 'node:url';
import { TraceReader } from '../src/core/trace/read-trace.ts';
import { syntheticTrace, toRepText } from '../src/core/trace/synthetic.ts';

export interface ParseBenchRow {
  readonly format: string;
  readonly lines: number;
  readonly seconds: number;
  readonly linesPerSecond: number;
}

/** A deterministic valgrind log of about `lines` lines, in chunks of about `chunkBytes` bytes. O(lines). */
export function syntheticValgrindLog(lines: number, seed = 1, chunkBytes = 1 << 20): { chunks: Uint8Array[]; lines: number; ops: number } {
  let state = seed >>> 0 || 1;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pid = 31337;
  const pre = `--${pid}-- `;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let parts: string[] = [];
  let partBytes = 0;
  let count = 0;
  const emit = (text: string) => {
    parts.push(text, '\n');
    partBytes += text.length + 1;
    count++;
    if (partBytes >= chunkBytes) {
      chunks.push(encoder.encode(parts.join('')));
      parts = [];
      partBytes = 0;
    }
  };
  emit(`==${pid}== Memcheck, a memory error detector`);
  emit(`==${pid}== Copyright (C) 2002-2022, and GNU GPL'd, by Julian Seward et al.`);
  emit(`==${pid}== Using Valgrind-3.19.0 and LibVEX; rerun with -h for copyright info`);
  emit(`==${pid}== Command: ./synthetic --seed ${seed}`);
  emit(`==${pid}== Parent PID: ${pid - 1}`);
  emit(`==${pid}== `);

  const liveAddr: number[] = [];
  const liveSize: number[] = [];
  const reuse: number[] = [];
  let next = 0x4a40040;
  let allocs = 0;
  let frees = 0;
  let bytes = 0;
  let inUse = 0;
  let ops = 0;
  const hex = (a: number) => `0x${a.toString(16).toUpperCase()}`;
  const size = () => (random() < 0.9 ? 1 + Math.floor(random() * 256) : 1 + Math.floor(random() * 65536));
  const place = (n: number) => {
    if (reuse.length > 0 && random() < 0.7) return reuse.pop()!;
    const at = next;
    next += (Math.ceil(n / 16) + 2) * 16 + 65536 * Number(n > 4096);
    return at;
  };
  const take = (addr: number, n: number) => {
    liveAddr.push(addr);
    liveSize.push(n);
    allocs++;
    bytes += n;
    inUse += n;
    ops++;
  };
  const target = Math.max(16, lines - 12);
  while (count < target) {
    const r = random();
    const wantLive = 20000;
    if (r < 0.42 || liveAddr.length === 0 || (liveAddr.length < wantLive && r < 0.5)) {
      const n = size();
      const addr = place(n);
      if (random() < 0.1) {
        emit(`${pre}realloc(0x0,${n})malloc(${n}) = ${hex(addr)}`);
      } else if (random() < 0.08) {
        emit(`${pre}calloc(1,${n}) = ${hex(addr)}`);
      } else {
        emit(`${pre}malloc(${n}) = ${hex(addr)}`);
      }
      take(addr, n);
    } else if (r < 0.9) {
      if (random() < 0.05) {
        emit(`${pre}free(0x0)`);
        continue;
      }
      const i = Math.floor(random() * liveAddr.length);
      const addr = liveAddr[i];
      emit(`${pre}free(${hex(addr)})`);
      inUse -= liveSize[i];
      liveAddr[i] = liveAddr[liveAddr.length - 1];
      liveSize[i] = liveSize[liveSize.length - 1];
      liveAddr.pop();
      liveSize.pop();
      reuse.push(addr);
      frees++;
      ops++;
    } else {
      const i = Math.floor(random() * liveAddr.length);
      const n = Math.ceil(liveSize[i] * (1 + random()));
      const to = place(n);
      emit(`${pre}realloc(${hex(liveAddr[i])},${n}) = ${hex(to)}`);
      reuse.push(liveAddr[i]);
      allocs++;
      frees++;
      bytes += n;
      inUse += n - liveSize[i];
      liveAddr[i] = to;
      liveSize[i] = n;
      ops++;
    }
  }
  const comma = (n: number) => n.toLocaleString('en-US');
  emit(`==${pid}== `);
  emit(`==${pid}== HEAP SUMMARY:`);
  emit(`==${pid}==     in use at exit: ${comma(inUse)} bytes in ${comma(liveAddr.length)} blocks`);
  emit(`==${pid}==   total heap usage: ${comma(allocs)} allocs, ${comma(frees)} frees, ${comma(bytes)} bytes allocated`);
  emit(`==${pid}== `);
  emit(`==${pid}== For lists of detected and suppressed errors, rerun with: -s`);
  emit(`==${pid}== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)`);
  if (parts.length > 0) chunks.push(encoder.encode(parts.join('')));
  return { chunks, lines: count, ops };
}

export interface ParseBenchOptions {
  /** Lines of the synthetic log (default 2,500,000). */
  readonly lines?: number;
  /** Runs timed; the best counts (default 3). */
  readonly runs?: number;
}

/**
 * Times the streaming reader on a synthetic valgrind log of `lines` lines
 * and on a generated `.rep` of a million operations; the best of `runs`
 * each. Options a caller passes for other benchmarks (bench/main.ts's
 * `json`, `traceFilters`) are ignored.
 */
export async function runParseBench(options: ParseBenchOptions = {}): Promise<ParseBenchRow[]> {
  const lines = typeof options.lines === 'number' && options.lines > 0 ? options.lines : 2_500_000;
  const runs = typeof options.runs === 'number' && options.runs > 0 ? options.runs : 3;
  const log = syntheticValgrindLog(lines);
  const rep = syntheticTrace({ ops: 1_000_000, seed: 1 });
  const repText = new TextEncoder().encode(toRepText(rep));
  const repChunks: Uint8Array[] = [];
  for (let at = 0; at < repText.length; at += 1 << 20) repChunks.push(repText.subarray(at, at + (1 << 20)));
  return [
    await timeReader('valgrind', 'synthetic.vg', log.chunks, log.lines, log.ops, runs),
    await timeReader('rep', 'synthetic.rep', repChunks, rep.ops.length + 4, rep.ops.length, runs),
  ];
}

/** The best of `runs` reads of `chunks` (a file of `lines` lines and `ops` operations). */
async function timeReader(format: string, file: string, chunks: readonly Uint8Array[], lines: number, ops: number, runs: number): Promise<ParseBenchRow> {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const reader = new TraceReader(file);
    for (const chunk of chunks) reader.push(chunk);
    const trace = reader.end();
    const seconds = (performance.now() - t0) / 1000;
    if (trace.ops.length !== ops) throw new Error(`parse bench: read ${trace.ops.length} operations of ${file}, it has ${ops}`);
    if (seconds < best) best = seconds;
    await Promise.resolve();
  }
  return { format, lines, seconds: round(best), linesPerSecond: Math.round(lines / best) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const lines = process.argv[2] !== undefined ? Number(process.argv[2]) : undefined;
  void runParseBench({ lines }).then((rows) => {
    for (const r of rows) {
      console.log(`${r.format}: ${r.lines.toLocaleString('en-US')} lines in ${r.seconds} s = ${(r.linesPerSecond / 1e6).toFixed(2)} M lines/s`);
    }
  });
}
