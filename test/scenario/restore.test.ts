import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreScenario, type RestoreResult } from '../../src/core/scenario/restore.ts';
import { DEFAULTS, defaultScenario, MAX_ZOOM } from '../../src/core/scenario/scenario.ts';
import { OpCode, OpList } from '../../src/core/trace/op-list.ts';
import { plain } from './scenario-arbitraries.ts';

function errorOf(r: RestoreResult): string {
  if (r.ok) throw new Error('restore accepted it');
  return r.error;
}

const ops = (...rows: unknown[]) => rows;

describe('restoring a scenario', () => {
  it('fills every missing field with its default, the step with the number of operations', () => {
    const bare = restoreScenario({ version: 1 });
    expect(bare.ok && plain(bare.scenario)).toEqual(plain(defaultScenario()));
    const r = restoreScenario({ version: 1, ops: ops(['a', 0, 8], ['a', 1, 8]) });
    expect(r.ok && r.scenario.step).toBe(2);
    expect(r.ok && [r.scenario.strategy, r.scenario.heapSize, r.scenario.view, r.scenario.selected]).toEqual([
      DEFAULTS.strategy,
      DEFAULTS.heapSize,
      DEFAULTS.view,
      null,
    ]);
  });

  it('refuses a scenario from a newer version, naming it', () => {
    expect(errorOf(restoreScenario({ version: 2 }))).toMatch(/^this link was made by a newer version of the explorer \(v2\); this one reads up to v1/);
    expect(errorOf(restoreScenario({ version: 7 }, { origin: 'file' }))).toMatch(/^this file was made by a newer version of the explorer \(v7\)/);
  });

  it('refuses a scenario without a version or with a version that is not a whole number from 1', () => {
    expect(errorOf(restoreScenario({ strategy: 'bump' }))).toBe('the scenario has no "version" field');
    for (const version of [0, -1, 1.5, '1', null]) expect(errorOf(restoreScenario({ version }))).toMatch(/^"version" must be a whole number from 1, not /);
  });

  it('refuses an unknown field, at the top or nested, naming it and the known ones', () => {
    const r = restoreScenario({ version: 1, heapsize: 4096 });
    expect(r).toEqual({
      ok: false,
      error: 'unknown field "heapsize": the known ones are version, strategy, heapSize, source, ops, step, selected, view',
      field: 'heapsize',
    });
    expect(errorOf(restoreScenario({ version: 1, view: { zoom: 2, x: 3 } }))).toBe('unknown field "view.x": the known ones are view.zoom, view.scroll');
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'clicks', name: 'x' } }))).toMatch(/^unknown field "source.name"/);
    expect(errorOf(restoreScenario(JSON.parse('{"version": 1, "__proto__": {"polluted": true}}')))).toMatch(/^unknown field "__proto__"/);
  });

  it('refuses what is not an object of fields', () => {
    for (const raw of [null, 3, 'scenario', [1, 2], new Date(0)]) expect(errorOf(restoreScenario(raw))).toMatch(/^a scenario is an object of fields, not /);
  });

  it('refuses a strategy it does not know, quoting it as data', () => {
    expect(errorOf(restoreScenario({ version: 1, strategy: 'worst-fit' }))).toMatch(/^unknown strategy "worst-fit": expected one of lululucator, bump, /);
    expect(errorOf(restoreScenario({ version: 1, strategy: 7 }))).toMatch(/^unknown strategy 7:/);
  });

  it('refuses a heap that is not a multiple of 8 from 64 bytes to 1 GiB', () => {
    for (const heapSize of [0, 56, 100, 2 ** 30 + 8, 2 ** 60, 4096.5, '4096', Infinity]) {
      expect(errorOf(restoreScenario({ version: 1, heapSize }))).toMatch(/^"heapSize" must be a multiple of 8 from 64 to 1073741824 bytes, not /);
    }
    expect(restoreScenario({ version: 1, heapSize: 2 ** 30 }).ok).toBe(true);
  });

  it('checks the operations as a program with the .rep reader rules, naming the operation', () => {
    const cases: [unknown[], string][] = [
      [ops(['f', 0]), 'operation 1: free of id 0, which is never allocated'],
      [ops(['a', 0, 8], ['f', 0], ['f', 0]), 'operation 3: free of id 0, which is already freed'],
      [ops(['a', 0, 8], ['a', 0, 8]), 'operation 2: alloc of id 0, which is still live'],
      [ops(['a', 0, 8], ['f', 0], ['r', 0, 16]), 'operation 3: realloc of id 0, which is already freed'],
      [ops(['a', 2 ** 20, 8]), 'operation 1: id 1048576 is outside 0..1048575'],
      [ops(['a', 0]), 'operation 1: a "a" operation has 3 items, not 2'],
      [ops(['x', 0, 1]), 'operation 1: an operation starts with "a", "f" or "r", not "x"'],
      [ops(['a', -1, 1]), 'operation 1: the id -1 is not a whole number from 0 to 2^31 - 1'],
      [ops(['a', 0, 2 ** 48]), 'operation 1: the size 281474976710656 is not a whole number of bytes from 0 to 2^48 - 1'],
      [ops(['a', 0, 1.5]), 'operation 1: the size 1.5 is not a whole number of bytes from 0 to 2^48 - 1'],
    ];
    for (const [list, message] of cases) {
      const r = restoreScenario({ version: 1, ops: list });
      expect(errorOf(r)).toBe(message);
      expect(!r.ok && r.field).toBe('ops');
    }
    expect(errorOf(restoreScenario({ version: 1, ops: ops(['a', 0, 8], 'f 0') }))).toBe('operation 2: an operation is an array like ["a", 0, 16], not "f 0"');
    expect(errorOf(restoreScenario({ version: 1, ops: { length: 3 } }))).toBe('"ops" must be a list of operations, not {"length":3}');
  });

  it('accepts sizes the heap cannot hold and a free after a failed alloc: they fail at replay, as in a trace', () => {
    const r = restoreScenario({ version: 1, heapSize: 64, ops: ops(['a', 0, 0], ['a', 1, 1_000_000], ['f', 1], ['a', 1, 2 ** 48 - 1]) });
    expect(r.ok).toBe(true);
  });

  it('refuses more operations or ids than the limits allow', () => {
    const limits = { maxOps: 3, maxIds: 10 };
    expect(errorOf(restoreScenario({ version: 1, ops: ops(['a', 0, 1], ['a', 1, 1], ['a', 2, 1], ['a', 3, 1]) }, { limits }))).toBe(
      'the scenario has 4 operations, more than the 3 allowed',
    );
    expect(errorOf(restoreScenario({ version: 1, ops: ops(['a', 10, 1]) }, { limits }))).toBe('operation 1: id 10 is outside 0..9');
  });

  it('takes the operations as columns too, even cloned from a worker, copying them and setting a free size to 0', () => {
    const list = new OpList(64);
    list.push(OpCode.Alloc, 0, 16, 10);
    list.push(OpCode.Free, 0, 16, 11);
    const r = restoreScenario({ version: 1, ops: list });
    expect(r.ok && r.scenario.ops).not.toBe(list);
    expect(r.ok && plain(r.scenario).ops).toEqual([
      [0, 0, 16],
      [1, 0, 0],
    ]);
    expect(r.ok && r.scenario.ops.kind.length).toBe(2);
    const cloned = structuredClone(list);
    expect(cloned).not.toBeInstanceOf(OpList);
    const c = restoreScenario({ version: 1, ops: cloned });
    expect(c.ok && plain(c.scenario).ops).toEqual(r.ok && plain(r.scenario).ops);
    expect(errorOf(restoreScenario({ version: 1, ops: { ...cloned, length: 65 } }))).toMatch(/^"ops" must be a list of operations/);
  });

  it('refuses a step past the operations', () => {
    expect(errorOf(restoreScenario({ version: 1, ops: ops(['a', 0, 8]), step: 2 }))).toBe(
      '"step" must be a whole number from 0 to 1 (the number of operations), not 2',
    );
    expect(errorOf(restoreScenario({ version: 1, step: -1 }))).toMatch(/^"step" must be/);
  });

  it('drops with a warning a selected id that is not live at the step', () => {
    const list = ops(['a', 0, 8], ['a', 1, 8], ['f', 0]);
    const r = restoreScenario({ version: 1, ops: list, step: 3, selected: { id: 0 } });
    expect(r.ok && r.scenario.selected).toBeNull();
    expect(r.ok && r.warnings).toEqual(['the selected block (id 0) is not live at step 3: nothing is selected']);
    const early = restoreScenario({ version: 1, ops: list, step: 1, selected: { id: 1 } });
    expect(early.ok && early.warnings).toHaveLength(1);
    const kept = restoreScenario({ version: 1, ops: list, step: 2, selected: { id: 0 } });
    expect(kept.ok && [kept.scenario.selected, kept.warnings]).toEqual([{ id: 0 }, []]);
  });

  it('takes a free block selected by offset inside the heap, and refuses one outside', () => {
    const r = restoreScenario({ version: 1, heapSize: 1024, selected: { offset: 1016 } });
    expect(r.ok && r.scenario.selected).toEqual({ offset: 1016 });
    expect(errorOf(restoreScenario({ version: 1, heapSize: 1024, selected: { offset: 1024 } }))).toMatch(/^"selected.offset" must be a whole number of bytes below the heap size \(1024\)/);
    expect(errorOf(restoreScenario({ version: 1, selected: { id: 1, offset: 2 } }))).toMatch(/^"selected" must be null, \{"id": N\} or \{"offset": N\}/);
    expect(errorOf(restoreScenario({ version: 1, selected: 3 }))).toMatch(/^"selected" must be null/);
  });

  it('refuses a view outside zoom 1..2^30 and scroll 0..heap, and turns -0 into 0', () => {
    for (const zoom of [0.5, NaN, Infinity, MAX_ZOOM * 2, '2']) expect(errorOf(restoreScenario({ version: 1, view: { zoom } }))).toMatch(/^"view.zoom" must be a number from 1 to 1073741824/);
    for (const scroll of [-1, 65_537, NaN]) expect(errorOf(restoreScenario({ version: 1, view: { scroll } }))).toMatch(/^"view.scroll" must be a heap offset from 0 to 65536/);
    const r = restoreScenario({ version: 1, view: { zoom: 4, scroll: -0 } });
    expect(r.ok && Object.is(r.scenario.view.scroll, 0)).toBe(true);
  });

  it('keeps names as text, and refuses control characters, broken Unicode and sample names that are paths', () => {
    const name = '<img src=x onerror=alert(1)> "été".rep';
    const r = restoreScenario({ version: 1, source: { kind: 'file', name } });
    expect(r.ok && r.scenario.source).toEqual({ kind: 'file', name });
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'file', name: 'a\nb' } }))).toBe('"source.name" "a\\nb" holds control characters or broken Unicode');
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'file', name: 'a\ud800' } }))).toMatch(/holds control characters or broken Unicode/);
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'file', name: 'x'.repeat(256) } }))).toMatch(/^"source.name" must be a text of 1 to 255 characters/);
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'sample', name: '../secret' } }))).toMatch(/is not a sample's file name/);
    expect(errorOf(restoreScenario({ version: 1, source: { kind: 'url', name: 'x' } }))).toBe('"source.kind" must be "clicks", "sample" or "file", not "url"');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ version: fc.constant(1) }, { requiredKeys: [] }).chain((base) => fc.dictionary(fc.constantFrom('strategy', 'heapSize', 'source', 'ops', 'step', 'selected', 'view'), fc.anything()).map((d) => ({ ...base, ...d })))), (raw) => {
        const r = restoreScenario(raw);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
