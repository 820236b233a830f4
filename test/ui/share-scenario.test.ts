import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScenarioFile, encodeScenarioFile } from '../../src/core/scenario/json-file.ts';
import { LINK_LIMITS, MAX_LINK_CHARS } from '../../src/core/scenario/limits.ts';
import { decodeLink } from '../../src/core/scenario/link.ts';
import type { Scenario } from '../../src/core/scenario/scenario.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';
import type { ProcessInfo } from '../../src/core/trace/trace.ts';
import { defaultPid, scenarioFileName, scenarioOfPage, sourceOfTrace, type PageScenarioState } from '../../src/ui/share/page-scenario.ts';
import { chooseShare } from '../../src/ui/share/share-outcome.ts';
import type { LoadedTrace } from '../../src/ui/store/app-state.ts';
import { plain, programOf } from '../scenario/scenario-arbitraries.ts';

function trace(over: Partial<LoadedTrace> = {}): LoadedTrace {
  return { name: 'prog.rep', format: 'rep', processes: [], pid: null, sample: null, edited: false, scenario: null, ...over };
}

const PIPELINE: ProcessInfo[] = [
  { pid: 10, command: 'sh', calls: 40 },
  { pid: 11, command: 'sort', calls: 300 },
  { pid: 12, command: 'tail', calls: 300 },
];

/** alloc 0 (100), alloc 1 (200), free 0, alloc 2 (50): ops with odd line numbers and spare capacity, as a mirror holds them. */
function clicks(capacity = 64, lineBase = 900): OpList {
  const ops = new OpList(capacity);
  ops.push(OpCode.Alloc, 0, 100, lineBase);
  ops.push(OpCode.Alloc, 1, 200, lineBase + 7);
  ops.push(OpCode.Free, 0, 0, lineBase + 9);
  ops.push(OpCode.Alloc, 2, 50, lineBase + 20);
  return ops;
}

function page(over: Partial<PageScenarioState> = {}): PageScenarioState {
  return { strategy: 'first-fit', heapSize: 65_536, step: 3, selected: { id: 1 }, trace: null, ...over };
}

function scenario(state: PageScenarioState, ops: OpList, view: { zoom: number; scroll: number } | null = null): Scenario {
  const r = scenarioOfPage(state, ops, view);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

async function linkOf(s: Scenario): Promise<string> {
  const choice = await chooseShare(s);
  if (choice.kind !== 'link') throw new Error(choice.message);
  return choice.fragment;
}

describe('the process a multi-process trace replays by default', () => {
  it('is the one with the most calls, the first such on a tie', () => {
    expect(defaultPid(PIPELINE)).toBe(11);
    expect(defaultPid([])).toBeNull();
  });
});

describe("a page's scenario source", () => {
  it('is clicks without a trace, and once clicks have edited one', () => {
    expect(sourceOfTrace(null)).toEqual({ kind: 'clicks' });
    expect(sourceOfTrace(trace({ sample: 'sort.vg', edited: true }))).toEqual({ kind: 'clicks' });
  });

  it("names a sample only when the timeline is exactly the sample's default process", () => {
    expect(sourceOfTrace(trace({ name: 'sort.vg', sample: 'sort.vg' }))).toEqual({ kind: 'sample', name: 'sort.vg' });
    expect(sourceOfTrace(trace({ name: 'pipeline.vg', sample: 'pipeline.vg', processes: PIPELINE, pid: 11 }))).toEqual({ kind: 'sample', name: 'pipeline.vg' });
    expect(sourceOfTrace(trace({ name: 'pipeline.vg', sample: 'pipeline.vg', processes: PIPELINE, pid: 12 }))).toEqual({ kind: 'file', name: 'pipeline.vg (pid 12)' });
  });

  it("is a loaded file's name, made printable and short", () => {
    expect(sourceOfTrace(trace({ name: 'prog.rep' }))).toEqual({ kind: 'file', name: 'prog.rep' });
    expect(sourceOfTrace(trace({ name: 'a\nb\u0007.rep' }))).toEqual({ kind: 'file', name: 'a\uFFFDb\uFFFD.rep' });
    const long = sourceOfTrace(trace({ name: 'x'.repeat(300) }));
    expect(long.kind === 'file' && long.name.length).toBe(255);
  });

  it("keeps a scenario file's own source, but carries a sample's operations under the file's name", () => {
    const saved = (source: Scenario['source']) => ({ step: 0, selected: null, view: { zoom: 1, scroll: 0 }, source });
    expect(sourceOfTrace(trace({ name: 'mine.json', format: 'scenario', scenario: saved({ kind: 'clicks' }) }))).toEqual({ kind: 'clicks' });
    expect(sourceOfTrace(trace({ name: 'mine.json', format: 'scenario', scenario: saved({ kind: 'file', name: 'prog.rep' }) }))).toEqual({ kind: 'file', name: 'prog.rep' });
    expect(sourceOfTrace(trace({ name: 'mine.json', format: 'scenario', scenario: saved({ kind: 'sample', name: 'sort.vg' }) }))).toEqual({ kind: 'file', name: 'mine.json' });
  });
});

describe("a page's scenario", () => {
  it('holds the settings, step, selection and view, and its own copy of the operations numbered 1..n', () => {
    const ops = clicks();
    const s = scenario(page(), ops, { zoom: 2, scroll: 1024 });
    expect(plain(s)).toEqual({
      version: 1,
      strategy: 'first-fit',
      heapSize: 65_536,
      source: { kind: 'clicks' },
      ops: [
        [0, 0, 100],
        [0, 1, 200],
        [1, 0, 0],
        [0, 2, 50],
      ],
      step: 3,
      selected: { id: 1 },
      view: { zoom: 2, scroll: 1024 },
    });
    expect([...s.ops.line.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    ops.id[0] = 7;
    expect(s.ops.id[0]).toBe(0);
  });

  it('takes the default view before the strip is mounted, and brings an out-of-range view within the format', () => {
    expect(scenario(page(), clicks(), null).view).toEqual({ zoom: 1, scroll: 0 });
    expect(scenario(page(), clicks(), { zoom: 0.5, scroll: -3 }).view).toEqual({ zoom: 1, scroll: 0 });
    expect(scenario(page(), clicks(), { zoom: NaN, scroll: 1e12 }).view).toEqual({ zoom: 1, scroll: 65_536 });
  });

  it('selects a free block by its offset', () => {
    expect(scenario(page({ selected: { offset: 16 } }), clicks()).selected).toEqual({ offset: 16 });
  });

  it('drops a selection that is not live at the step, with a warning', () => {
    const r = scenarioOfPage(page({ step: 4, selected: { id: 0 } }), clicks(), null);
    expect(r.ok && r.scenario.selected).toBeNull();
    expect(r.ok && r.warnings).toEqual(['the selected block (id 0) is not live at step 4: nothing is selected']);
  });

  it('is refused, not shared, when the page broke an invariant', () => {
    const r = scenarioOfPage(page({ step: 9 }), clicks(), null);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe('"step" must be a whole number from 0 to 4 (the number of operations), not 9');
  });

  it('comes back from its .json file as it went', () => {
    const s = scenario(page({ trace: trace({ name: 'prog.rep' }) }), clicks(), { zoom: 3, scroll: 500 });
    const back = decodeScenarioFile(encodeScenarioFile(s), scenarioFileName(s));
    expect(back.ok && plain(back.scenario)).toEqual(plain(s));
    expect(scenarioFileName(s)).toBe('lululucator-first-fit-step-3-of-4.json');
  });
});

describe("a page's share link", () => {
  it('is the same for the same scenario, whatever the columns hold beyond it', async () => {
    const a = await linkOf(scenario(page(), clicks(4, 1)));
    const b = await linkOf(scenario(page(), clicks(4096, 5000)));
    expect(a).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
    expect(b).toBe(a);
    expect(await linkOf(scenario(page(), clicks(4, 1)))).toBe(a);
  });

  it('opens the scenario it was made from, and shares again as the same link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ op: fc.constant('alloc' as const), size: fc.integer({ min: 1, max: 4096 }), idJump: fc.constant(0) }), { maxLength: 60 }), fc.nat(), async (intents, at) => {
        const ops = programOf(intents);
        const step = ops.length === 0 ? 0 : at % (ops.length + 1);
        const s = scenario(page({ step, selected: null }), ops, { zoom: 1 + (at % 7), scroll: at % 65_536 });
        const link = await linkOf(s);
        const back = await decodeLink(link);
        expect(back.ok && plain(back.scenario)).toEqual(plain(s));
        expect(back.ok && (await linkOf(back.scenario))).toBe(link);
      }),
      { numRuns: 40 },
    );
  });

  it("of a sample carries the sample's name, not its operations", async () => {
    const ops = new OpList(1);
    for (let i = 0; i < 2000; i++) ops.push(OpCode.Alloc, i, 16 + ((i * 7919) % 3000), i + 1);
    const state = page({ heapSize: 1 << 20, step: 1200, selected: { id: 5 }, trace: trace({ name: 'sort.vg', format: 'valgrind', sample: 'sort.vg' }) });
    const link = await linkOf(scenario(state, ops));
    expect(link.length).toBeLessThan(100);
    const back = await decodeLink(link, { loadSample: async (name) => (name === 'sort.vg' ? ops : null) });
    expect(back.ok && back.scenario.source).toEqual({ kind: 'sample', name: 'sort.vg' });
    expect(back.ok && back.scenario.step).toBe(1200);
    expect(back.ok && back.scenario.selected).toEqual({ id: 5 });
  });

  it('is refused for a file when it would pass the length limit', async () => {
    const ops = new OpList(1);
    let seed = 12345;
    for (let i = 0; i < 40_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      ops.push(OpCode.Alloc, i, 1 + (seed % 100_000), i + 1);
    }
    const choice = await chooseShare(scenario(page({ heapSize: 1 << 30, step: 40_000, selected: null }), ops));
    expect(choice.kind).toBe('file');
    expect(choice.kind === 'file' && choice.message).toMatch(
      new RegExp(`^this scenario is too large for a link \\([\\d,]+ characters; the limit is ${MAX_LINK_CHARS.toLocaleString('en-US')}\\): download it as a file instead$`),
    );
  });

  it('is refused for a file, without encoding, past the operations a link may hold', async () => {
    const n = LINK_LIMITS.maxOps + 1;
    const ops = new OpList(n);
    for (let i = 0; i < n; i++) ops.push(OpCode.Alloc, i, 8, i + 1);
    const choice = await chooseShare(scenario(page({ heapSize: 1 << 30, step: 0, selected: null }), ops));
    expect(choice).toEqual({ kind: 'file', message: 'this scenario is too large for a link (1,000,001 operations; a link holds at most 1,000,000): download it as a file instead' });
  });
});
