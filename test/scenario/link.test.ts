import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, shareScenario } from '../../src/core/scenario/link.ts';
import { MAX_LINK_CHARS } from '../../src/core/scenario/limits.ts';
import { restoreScenario } from '../../src/core/scenario/restore.ts';
import type { Scenario } from '../../src/core/scenario/scenario.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';
import { anyScenario, clickScenario, plain } from './scenario-arbitraries.ts';

function scenario(raw: Record<string, unknown>): Scenario {
  const r = restoreScenario({ version: 1, ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

describe('a scenario link', () => {
  it('decodes to the scenario it was made from, for any scenario', async () => {
    await fc.assert(
      fc.asyncProperty(anyScenario, async (s) => {
        const link = await encodeLink(s);
        expect(link).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
        const back = await decodeLink(link);
        expect(back.ok && back.warnings).toEqual([]);
        expect(back.ok && plain(back.scenario)).toEqual(plain(s));
      }),
      { numRuns: 150 },
    );
  });

  it('is the same link every time for the same scenario (canonical), and again after a round trip', async () => {
    await fc.assert(
      fc.asyncProperty(anyScenario, async (s) => {
        const link = await encodeLink(s);
        expect(await encodeLink(s)).toBe(link);
        const back = await decodeLink(link);
        expect(back.ok && (await encodeLink(back.scenario))).toBe(link);
      }),
      { numRuns: 50 },
    );
  });

  it('does not depend on spare capacity or line numbers in the operation columns', async () => {
    const a = new OpList(1);
    const b = new OpList(4096);
    for (const [ops, line] of [
      [a, 1],
      [b, 900],
    ] as const) {
      ops.push(OpCode.Alloc, 0, 48, line);
      ops.push(OpCode.Free, 0, 0, line + 1);
    }
    expect(await encodeLink(scenario({ ops: a }))).toBe(await encodeLink(scenario({ ops: b })));
  });

  it('accepts the fragment with or without its #', async () => {
    const link = await encodeLink(scenario({ heapSize: 1024 }));
    const r = await decodeLink(link.slice(1));
    expect(r.ok && r.scenario.heapSize).toBe(1024);
  });

  it('carries a sample by name and takes its operations from the page when opened', async () => {
    const sample = new OpList();
    for (let i = 0; i < 5000; i++) sample.push(OpCode.Alloc, i, 16 + (i % 100), i + 1);
    const s = scenario({ source: { kind: 'sample', name: 'big-sample.rep' }, ops: sample, step: 4000, selected: { id: 3999 } });
    const link = await encodeLink(s);
    expect(link.length).toBeLessThan(120);
    const r = await decodeLink(link, { loadSample: async (name) => (name === 'big-sample.rep' ? sample : null) });
    expect(r.ok && plain(r.scenario)).toEqual(plain(s));
  });

  it('refuses a sample the page does not have, saying which', async () => {
    const s = scenario({ source: { kind: 'sample', name: 'gone.rep' } });
    const link = await encodeLink(s);
    const r = await decodeLink(link, { loadSample: async () => null });
    expect(r).toEqual({ ok: false, error: 'this link names the sample "gone.rep", which this version of the explorer does not have' });
    expect((await decodeLink(link)).ok).toBe(false);
  });

  it('drops a selection that is not live at the step when it is written, so equal scenarios give equal links', async () => {
    const ops = new OpList();
    ops.push(OpCode.Alloc, 0, 8, 1);
    ops.push(OpCode.Free, 0, 0, 2);
    const dead = { ...scenario({ ops }), selected: { id: 0 } };
    expect(await encodeLink(dead)).toBe(await encodeLink(scenario({ ops })));
  });

  it('refuses to encode a scenario that restore would refuse (a bug in the caller)', async () => {
    const bad = { ...scenario({}), heapSize: 100 };
    await expect(encodeLink(bad)).rejects.toThrow(/heapSize/);
  });

  it('stays under 8,000 characters for 1,000 click operations (median and worst over 200 random scenarios)', async () => {
    const samples = fc.sample(clickScenario(1000), { numRuns: 200, seed: 20240601 });
    const lengths: number[] = [];
    for (const s of samples) {
      expect(s.ops.length).toBe(1000);
      lengths.push((await encodeLink(s)).length);
    }
    lengths.sort((x, y) => x - y);
    const median = lengths[lengths.length >> 1];
    const worst = lengths[lengths.length - 1];
    console.log(`1,000 click operations: link length median ${median}, worst ${worst}, best ${lengths[0]} characters (200 scenarios)`);
    expect(worst).toBeLessThan(8000);
  });

  it('is offered as a file instead when the scenario is too large for a link', async () => {
    const ops = new OpList();
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 60_000; i++) ops.push(OpCode.Alloc, i, 1 + (next() % 1_000_000), i + 1);
    const big = scenario({ ops, source: { kind: 'file', name: 'big.rep' } });
    const share = await shareScenario(big);
    expect(share.kind).toBe('too-large');
    expect(share.kind === 'too-large' && share.length).toBeGreaterThan(MAX_LINK_CHARS);
    expect(share.kind === 'too-large' && share.message).toMatch(/too large for a link .* download it as a file instead/);
    const small = await shareScenario(scenario({}));
    expect(small.kind === 'link' && (await decodeLink(small.fragment)).ok).toBe(true);
  });
});
