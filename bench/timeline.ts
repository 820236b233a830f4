/**
 * The timeline's engine side, timed in Node: for a synthetic trace (default
 * 1,000,000 operations), per strategy: the plain fast-path replay (the
 * engine alone), the timeline's build (replay + metric series + checkpoints),
 * the checkpoints kept (count, bytes, K) and the latency of seeks to random
 * steps (median, p95, max), in wall-clock time and, in brackets, the
 * process's CPU time (steadier on a busy machine; the load average is
 * printed). Every seek is checked against the metric series
 * (payload and footprint at that step).
 * The heap at three steps is also checked byte for byte against straight
 * replays.
 *
 *   npx tsx bench/timeline.ts [--ops N] [--seed S] [--seeks N] [--budget MiB]
 *                             [--strategies a,b] [--heap BYTES] [--seek-limit-s S]
 */
import { parseArgs } from 'node:util';
import { HeapDriver } from '../src/core/driver.ts';
import { applyFast } from '../src/core/replay.ts';
import { isStrategyName, type StrategyName } from '../src/core/strategy.ts';
import { createStrategy } from '../src/core/strategies/registry.ts';
import { HeapMemory } from '../src/core/heap-memory.ts';
import { DEFAULT_CHECKPOINT_BUDGET } from '../src/core/timeline/checkpoints.ts';
import { Timeline } from '../src/core/timeline/timeline.ts';
import { loadavg } from 'node:os';
import { syntheticTrace } from '../src/core/trace/synthetic.ts';
import type { Trace } from '../src/core/trace/trace.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    seeks: { type: 'string', default: '500' },
    budget: { type: 'string', default: String(DEFAULT_CHECKPOINT_BUDGET / (1024 * 1024)) },
    strategies: { type: 'string', default: 'lululucator,fixed-block' },
    heap: { type: 'string', default: String(64 * 1024 * 1024) },
    'seek-limit-s': { type: 'string', default: '120' },
  },
});

const MiB = 1024 * 1024;
const ops = Number(values.ops);
const seed = Number(values.seed);
const seekCount = Number(values.seeks);
const budgetBytes = Number(values.budget) * MiB;
const heapSize = Number(values.heap);
const seekLimitMs = Number(values['seek-limit-s']) * 1000;

function registered(name: string): name is StrategyName {
  if (!isStrategyName(name)) return false;
  try {
    createStrategy(name, HeapMemory.create(64, false));
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock and CPU milliseconds of `run`. */
function timed(run: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function plainReplay(trace: Trace, strategy: StrategyName): { wall: number; cpu: number } {
  const driver = new HeapDriver({ strategy, heapSize, events: false, shared: false });
  return timed(() => {
    for (let i = 0; i < trace.ops.length; i++) applyFast(driver, trace.ops, i);
  });
}

/** A small deterministic generator for the seek targets. */
function lcg(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const t0 = performance.now();
const trace = syntheticTrace({ ops, seed });
const genMs = performance.now() - t0;
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine`);
console.log(`synthetic trace: ${trace.ops.length} ops, ${trace.idCount} ids, seed ${seed}, generated in ${genMs.toFixed(0)} ms; heap ${heapSize} bytes; checkpoint budget ${values.budget} MiB`);

interface Timing {
  wall: number;
  cpu: number;
}

interface Row {
  strategy: string;
  replay: Timing;
  build: Timing;
  checkpoints: number;
  checkpointMiB: number;
  k: number;
  seriesMiB: number;
  seeks: number;
  median: Timing;
  p95: Timing;
  max: Timing;
  failed: number;
}

/** The heap of `timeline` at `step` against a straight replay: bytes, registers, live payload. */
function checkAgainstReplay(timeline: Timeline, name: StrategyName, step: number): void {
  timeline.seek(step);
  const driver = new HeapDriver({ strategy: name, heapSize, events: false, shared: false });
  for (let i = 0; i < step; i++) applyFast(driver, timeline.ops, i);
  const same =
    Buffer.from(driver.memory.bytes).equals(Buffer.from(timeline.driver.memory.bytes)) &&
    Buffer.from(driver.memory.regs.buffer).equals(Buffer.from(timeline.driver.memory.regs.buffer)) &&
    driver.live.payloadBytes === timeline.driver.live.payloadBytes;
  if (!same) throw new Error(`${name}: the heap at step ${step} differs from a straight replay`);
}

const rows: Row[] = [];
for (const name of String(values.strategies).split(',')) {
  if (!registered(name)) {
    console.log(`${name}: not registered, skipped`);
    continue;
  }
  const replay = plainReplay(trace, name);
  const timeline = new Timeline({ strategy: name, heapSize, ops: trace.ops.trimmed(), budgetBytes, shared: false });
  const build = timed(() => timeline.build());
  const random = lcg(seed * 7919 + 1);
  const walls: number[] = [];
  const cpus: number[] = [];
  const s0 = performance.now();
  for (let i = 0; i < seekCount && performance.now() - s0 < seekLimitMs; i++) {
    const step = Math.floor(random() * (timeline.length + 1));
    const t = timed(() => timeline.seek(step));
    walls.push(t.wall);
    cpus.push(t.cpu);
    const d = timeline.driver;
    if (d.live.payloadBytes !== timeline.series.payload[step] || d.strategy.footprint() !== timeline.series.footprint[step]) {
      throw new Error(`${name}: seek to ${step} disagrees with the metric series`);
    }
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const q = (p: number): Timing => ({ wall: quantile(walls, p), cpu: quantile(cpus, p) });
  for (const step of [Math.floor(ops / 3), Math.floor((ops * 2) / 3), ops]) checkAgainstReplay(timeline, name, step);
  const memory = timeline.memoryBytes();
  rows.push({
    strategy: name,
    replay,
    build,
    checkpoints: timeline.checkpoints.count,
    checkpointMiB: memory.checkpoints / MiB,
    k: timeline.checkpoints.interval,
    seriesMiB: memory.series / MiB,
    seeks: walls.length,
    median: q(0.5),
    p95: q(0.95),
    max: q(1),
    failed: timeline.series.failureCount,
  });
}

const ms = (t: Timing, digits = 0) => `${t.wall.toFixed(digits)} (${t.cpu.toFixed(digits)})`;
const header = ['strategy', 'replay ms', 'build ms', 'checkpoints', 'ckpt MiB', 'K', 'series MiB', 'seeks', 'median ms', 'p95 ms', 'max ms', 'failed ops'];
const table = rows.map((r) => [
  r.strategy,
  ms(r.replay),
  ms(r.build),
  String(r.checkpoints),
  r.checkpointMiB.toFixed(1),
  String(r.k),
  r.seriesMiB.toFixed(1),
  String(r.seeks),
  ms(r.median, 1),
  ms(r.p95, 1),
  ms(r.max, 1),
  String(r.failed),
]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padStart(widths[c])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
