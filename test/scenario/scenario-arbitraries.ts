import fc from 'fast-check';
import { MAX_HEAP_BYTES } from '../../src/core/heap-memory.ts';
import { restoreScenario } from '../../src/core/scenario/restore.ts';
import { hasControlCharacters, MAX_OP_SIZE, MAX_ZOOM, SCENARIO_VERSION, type Scenario, type ScenarioSource, type Selection } from '../../src/core/scenario/scenario.ts';
import { STRATEGY_NAMES } from '../../src/core/strategy.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';

/** One intent of a user (or program): alloc a size, free the k-th live block, realloc it. */
export type Intent = { op: 'alloc'; size: number; idJump: number } | { op: 'free'; pick: number } | { op: 'realloc'; pick: number; size: number };

/** Sizes people type: round numbers most of the time. */
const ROUND_SIZES = [8, 16, 24, 32, 48, 64, 100, 128, 200, 256, 500, 512, 1000, 1024, 2048, 4096];

const clickSize = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ROUND_SIZES) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4096 }) },
);

/** A click: mostly allocs of round sizes and frees of random live blocks, now and then a realloc. */
const clickIntent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('alloc' as const), size: clickSize, idJump: fc.constant(0) }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), size: clickSize }) },
);

/** Any program: any size below 2^48, ids that jump ahead or reuse freed ones. */
const anyIntent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('alloc' as const),
      size: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: MAX_OP_SIZE })),
      idJump: fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100_000 })),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), size: fc.integer({ min: 0, max: 70_000 }) }) },
);

/**
 * The operations of `intents` as a valid program: an alloc takes the next
 * fresh id plus its jump (a jump onto a live or negative id takes the next
 * fresh one); free and realloc pick a live block (an alloc when none is).
 */
export function programOf(intents: readonly Intent[]): OpList {
  const ops = new OpList(Math.max(1, intents.length));
  const live: number[] = [];
  const isLive = new Set<number>();
  let fresh = 0;
  for (const [i, it] of intents.entries()) {
    if (it.op === 'alloc' || live.length === 0) {
      let id = fresh + (it.op === 'alloc' ? it.idJump : 0);
      if (id < 0 || isLive.has(id)) id = fresh;
      const size = it.op === 'free' ? 16 : it.size;
      ops.push(OpCode.Alloc, id, size, i + 1);
      live.push(id);
      isLive.add(id);
      if (id >= fresh) fresh = id + 1;
      continue;
    }
    const k = it.pick % live.length;
    const id = live[k];
    if (it.op === 'free') {
      live.splice(k, 1);
      isLive.delete(id);
      ops.push(OpCode.Free, id, 0, i + 1);
    } else {
      ops.push(OpCode.Realloc, id, it.size, i + 1);
    }
  }
  return ops;
}

/** A restored scenario built from parts; throws if restore refuses it (a bug in the generator). */
function restored(parts: {
  strategy: string;
  heapSize: number;
  source: ScenarioSource;
  ops: OpList;
  stepPick: number;
  selectedPick: number;
  selectedKind: 'none' | 'id' | 'offset';
  zoom: number;
  scrollPick: number;
}): Scenario {
  const { ops, heapSize } = parts;
  const step = parts.stepPick % (ops.length + 1);
  let selected: Selection | null = null;
  if (parts.selectedKind === 'offset') selected = { offset: parts.selectedPick % heapSize };
  if (parts.selectedKind === 'id') {
    const liveIds = liveAt(ops, step);
    if (liveIds.length > 0) selected = { id: liveIds[parts.selectedPick % liveIds.length] };
  }
  const raw = {
    version: SCENARIO_VERSION,
    strategy: parts.strategy,
    heapSize,
    source: parts.source,
    ops,
    step,
    selected,
    view: { zoom: parts.zoom, scroll: parts.scrollPick * heapSize },
  };
  const r = restoreScenario(raw);
  if (!r.ok) throw new Error(`generator made an invalid scenario: ${r.error}`);
  return r.scenario;
}

function liveAt(ops: OpList, step: number): number[] {
  const live = new Set<number>();
  for (let i = 0; i < step; i++) {
    if (ops.kind[i] === OpCode.Free) live.delete(ops.id[i]);
    else live.add(ops.id[i]);
  }
  return [...live];
}

/** File names, including ones that look like markup or script: they must survive as text. */
const fileName = fc.oneof(
  fc.constantFrom('trace.rep', '<script>alert(1)</script>.rep', '"quoted" & <b>bold</b>', 'naïve ünïcödé 😀.rep', 'a'.repeat(255)),
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.length <= 255 && !hasControlCharacters(s)),
);

function scenarioFrom(intents: fc.Arbitrary<Intent[]>, sources: fc.Arbitrary<ScenarioSource>): fc.Arbitrary<Scenario> {
  return fc
    .record({
      strategy: fc.constantFrom(...STRATEGY_NAMES),
      heapSize: fc.oneof(fc.constantFrom(64, 4096, 65_536, 1 << 20, MAX_HEAP_BYTES), fc.integer({ min: 8, max: MAX_HEAP_BYTES / 8 }).map((n) => n * 8)),
      source: sources,
      intents,
      stepPick: fc.nat(),
      selectedPick: fc.nat(),
      selectedKind: fc.constantFrom('none' as const, 'id' as const, 'offset' as const),
      zoom: fc.oneof(fc.constant(1), fc.double({ min: 1, max: MAX_ZOOM, noNaN: true })),
      scrollPick: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    })
    .map(({ intents: it, ...rest }) => restored({ ...rest, ops: programOf(it) }));
}

/** Any scenario a link carries with its operations (clicks or a file). */
export const anyScenario: fc.Arbitrary<Scenario> = scenarioFrom(
  fc.array(anyIntent, { maxLength: 200 }),
  fc.oneof(fc.constant({ kind: 'clicks' } as ScenarioSource), fileName.map((name) => ({ kind: 'file', name }) as ScenarioSource)),
);

/** A scenario of exactly `n` click operations, as a user makes them on the page. */
export function clickScenario(n: number): fc.Arbitrary<Scenario> {
  return scenarioFrom(fc.array(clickIntent, { minLength: n, maxLength: n }), fc.constant({ kind: 'clicks' } as ScenarioSource));
}

/** A scenario as plain data: its ops as [kind, id, size] rows, without line numbers. */
export type PlainScenario = Omit<Scenario, 'ops'> & { ops: number[][] };

/** A scenario as plain data, for deep equality. */
export function plain(s: Scenario): PlainScenario {
  const ops: number[][] = [];
  for (let i = 0; i < s.ops.length; i++) ops.push([s.ops.kind[i], s.ops.id[i], s.ops.size[i]]);
  return { ...s, ops };
}
