import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../src/core/scenario/link.ts';
import { MIGRATIONS } from '../../src/core/scenario/restore.ts';
import { SCENARIO_VERSION } from '../../src/core/scenario/scenario.ts';
import { OpList } from '../../src/core/trace/op-list.ts';
import { plain } from './scenario-arbitraries.ts';

/**
 * Links written by the first version of the format, kept forever: whatever
 * the format becomes, these must open on exactly these scenarios.
 */
const links = readFileSync(resolve(import.meta.dirname, '../fixtures/scenario-v1.txt'), 'utf8').trim().split('\n');


describe('a v1 link kept from the first day', () => {
  it('still opens a trace file scenario: strategy, heap, every kind of operation, step, selection by id, view', async () => {
    const r = await decodeLink(links[0]);
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && plain(r.scenario)).toEqual({
      version: SCENARIO_VERSION,
      strategy: 'first-fit',
      heapSize: 4096,
      source: { kind: 'file', name: 'démo <b>1</b> & "co".rep' },
      ops: [
        [0, 0, 100],
        [0, 1, 24],
        [0, 2, 1000],
        [1, 1, 0],
        [2, 0, 250],
        [0, 1, 8],
        [0, 7, 2 ** 40],
        [1, 2, 0],
        [2, 7, 16],
        [0, 8, 4096],
      ],
      step: 7,
      selected: { id: 0 },
      view: { zoom: 3.75, scroll: 512.5 },
    });
  });

  it('still opens a click scenario with a free block selected by offset', async () => {
    const r = await decodeLink(links[1]);
    expect(r.ok && plain(r.scenario)).toEqual({
      version: SCENARIO_VERSION,
      strategy: 'lululucator',
      heapSize: 65536,
      source: { kind: 'clicks' },
      ops: [
        [0, 0, 16],
        [0, 1, 32],
        [1, 0, 0],
      ],
      step: 3,
      selected: { offset: 0 },
      view: { zoom: 1, scroll: 0 },
    });
  });

  it('still opens a sample scenario, which names the sample and takes its operations from the page', async () => {
    const asked: string[] = [];
    const sample = new OpList();
    sample.push(0, 0, 2040, 5);
    sample.push(0, 1, 2040, 6);
    sample.push(1, 1, 0, 7);
    const r = await decodeLink(links[2], {
      loadSample: async (name) => {
        asked.push(name);
        return sample;
      },
    });
    expect(asked).toEqual(['short1-bal.rep']);
    expect(r.ok && plain(r.scenario)).toEqual({
      version: SCENARIO_VERSION,
      strategy: 'buddy',
      heapSize: 1 << 20,
      source: { kind: 'sample', name: 'short1-bal.rep' },
      ops: [
        [0, 0, 2040],
        [0, 1, 2040],
        [1, 1, 0],
      ],
      step: 2,
      selected: { id: 1 },
      view: { zoom: 16, scroll: 2048 },
    });
  });

  it('has a migration from every older version up to the current one', () => {
    for (let v = 1; v < SCENARIO_VERSION; v++) expect(typeof MIGRATIONS[v]).toBe('function');
    expect(MIGRATIONS[SCENARIO_VERSION]).toBeUndefined();
  });
});
