import { OpCode, OpList } from './op-list.ts';
import type { Trace } from './trace.ts';

/**
 * A synthetic program's allocation trace, for benchmarks: deterministic for a
 * seed, any length. It behaves like a long-running program: most requests
 * come from a few dozen "types" (struct sizes, Zipf-weighted, mostly 16 to
 * 256 bytes), some are odd-sized strings and buffers up to 8 KiB, a few are
 * large (16 to 256 KiB); the live count follows phases (build up, steady
 * state, tear down) around `live` blocks; most frees hit recent blocks
 * (temporaries), the rest old ones; reallocs mostly grow a block by 1.25 to
 * 2 times (a vector or string being appended to).
 *
 * Invariants of the trace: every free and realloc names a live id; every
 * alloc takes a fresh id (ids 0..idCount-1 in order of first use); sizes are
 * whole numbers from 1 to 1 MiB; op i's `line` is i + 5, its line in the
 * `.rep` text {@link toRepText} writes.
 */

export interface SyntheticOptions {
  /** Operations (default 1,000,000). */
  readonly ops?: number;
  /** Seed of the generator (default 1): the same seed gives the same trace. */
  readonly seed?: number;
  /** Typical number of live blocks (default 30,000). */
  readonly live?: number;
  /** Share of operations that are reallocs (default 0.03). */
  readonly reallocShare?: number;
  /** Share of allocations of odd sizes, strings and buffers, log-uniform from 1 byte to 4 KiB (default 0.04). */
  readonly oddShare?: number;
  /** Share of large allocations, 16 to 256 KiB (default 0.001). */
  readonly largeShare?: number;
}

/** Largest request the generator makes. */
export const SYNTHETIC_MAX_REQUEST = 1 << 20;

/**
 * A deterministic trace of `ops` operations (see the module comment). Its
 * suggested heap is 4 times its peak payload rounded up to 1 MiB, at least
 * 1 MiB. O(ops); memory O(ops) (the OpList, 17 bytes an operation).
 */
export function syntheticTrace(options: SyntheticOptions = {}): Trace {
  const total = options.ops ?? 1_000_000;
  const seed = options.seed ?? 1;
  const target = Math.max(1, options.live ?? 30_000);
  const reallocShare = options.reallocShare ?? 0.03;
  const mix: SizeMix = { odd: options.oddShare ?? 0.04, large: options.largeShare ?? 0.001 };
  const random = sfc32(seed);
  const palette = typePalette(random);

  const ops = new OpList(Math.max(1, total));
  const liveIds = new Int32Array(Math.max(16, total));
  let liveCount = 0;
  const sizeOf = new Float64Array(Math.max(16, total));
  let nextId = 0;
  let payload = 0;
  let peak = 0;

  let phaseLeft = 0;
  let phaseTarget = target;

  for (let i = 0; i < total; i++) {
    if (phaseLeft-- <= 0) {
      phaseLeft = 20_000 + Math.floor(random() * 80_000);
      const r = random();
      phaseTarget = r < 0.15 ? target * 0.05 : target * (0.4 + 0.8 * random());
    }
    const line = i + 5;
    if (liveCount > 0 && random() < reallocShare) {
      const k = pickLive(random, liveCount);
      const id = liveIds[k];
      const old = sizeOf[id];
      const grow = random() < 0.75;
      const factor = grow ? 1.25 + 0.75 * random() : 0.3 + 0.6 * random();
      const size = Math.min(SYNTHETIC_MAX_REQUEST, Math.max(1, Math.round(old * factor)));
      ops.push(OpCode.Realloc, id, size, line);
      payload += size - old;
      sizeOf[id] = size;
    } else {
      // Drift towards the phase's live count: p(alloc) = 0.5 at the target.
      const pAlloc = 0.5 + 0.45 * Math.tanh((phaseTarget - liveCount) / (0.1 * target));
      if (liveCount === 0 || random() < pAlloc) {
        const id = nextId++;
        const size = requestSize(random, palette, mix);
        ops.push(OpCode.Alloc, id, size, line);
        liveIds[liveCount++] = id;
        sizeOf[id] = size;
        payload += size;
      } else {
        const k = pickLive(random, liveCount);
        const id = liveIds[k];
        liveIds[k] = liveIds[--liveCount];
        ops.push(OpCode.Free, id, 0, line);
        payload -= sizeOf[id];
      }
    }
    if (payload > peak) peak = payload;
  }
  const mib = 1 << 20;
  return {
    format: 'rep',
    file: `synthetic-${total}-seed${seed}.rep`,
    ops,
    idCount: nextId,
    suggestedHeap: Math.min(1 << 30, Math.max(mib, Math.ceil((peak * 4) / mib) * mib)),
    warnings: [],
    processes: [],
    pid: null,
  };
}

/** The trace as `.rep` text (classic header: suggested heap, ids, ops, weight 1). O(ops). */
export function toRepText(trace: Trace): string {
  const { ops } = trace;
  const lines: string[] = [String(trace.suggestedHeap ?? 0), String(trace.idCount), String(ops.length), '1'];
  for (let i = 0; i < ops.length; i++) {
    const id = ops.id[i];
    switch (ops.kind[i]) {
      case OpCode.Alloc:
        lines.push(`a ${id} ${ops.size[i]}`);
        break;
      case OpCode.Free:
        lines.push(`f ${id}`);
        break;
      default:
        lines.push(`r ${id} ${ops.size[i]}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A live block to free or realloc: 70% among the 64 most recent (temporaries), else any. O(1). */
function pickLive(random: () => number, liveCount: number): number {
  if (liveCount > 64 && random() < 0.7) return liveCount - 1 - Math.floor(random() * 64);
  return Math.floor(random() * liveCount);
}

interface Palette {
  readonly sizes: Float64Array;
  /** Cumulative Zipf weights, last = 1. */
  readonly cumulative: Float64Array;
}

/** 40 struct sizes, log-normal around 48 bytes (most 16..256), Zipf-weighted by rank. */
function typePalette(random: () => number): Palette {
  const n = 40;
  const sizes = new Float64Array(n);
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    sizes[r] = Math.max(8, Math.min(2048, Math.round(Math.exp(Math.log(48) + 0.9 * normal) / 8) * 8));
    sum += 1 / (r + 1);
    cumulative[r] = sum;
  }
  for (let r = 0; r < n; r++) cumulative[r] /= sum;
  cumulative[n - 1] = 1;
  return { sizes, cumulative };
}

interface SizeMix {
  readonly odd: number;
  readonly large: number;
}

/** One request: a palette type, or (share `odd`) a string or buffer, log-uniform 1..4 KiB, or (share `large`) 16..256 KiB. */
function requestSize(random: () => number, palette: Palette, mix: SizeMix): number {
  const r = random();
  if (r >= mix.odd + mix.large) {
    const u = random();
    const c = palette.cumulative;
    let k = 0;
    while (c[k] < u) k++;
    return palette.sizes[k];
  }
  if (r < mix.odd) return Math.max(1, Math.floor(Math.exp(random() * Math.log(4096))));
  return Math.floor(16384 * Math.exp(random() * Math.log(16)));
}

/** sfc32, a small fast 32-bit generator, seeded from one integer. Each call O(1), in [0, 1). */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}
