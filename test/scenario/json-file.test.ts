import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { decodeScenarioFile, encodeScenarioFile } from '../../src/core/scenario/json-file.ts';
import { restoreScenario } from '../../src/core/scenario/restore.ts';
import { isScenarioTrace } from '../../src/core/scenario/scenario-parser.ts';
import type { Scenario } from '../../src/core/scenario/scenario.ts';
import { readTraceText } from '../../src/core/trace/read-trace.ts';
import { TraceError } from '../../src/core/trace/trace-error.ts';
import { anyScenario, plain } from './scenario-arbitraries.ts';

function scenario(raw: Record<string, unknown>): Scenario {
  const r = restoreScenario({ version: 1, ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

const small = scenario({
  strategy: 'first-fit',
  heapSize: 1024,
  ops: [
    ['a', 0, 100],
    ['a', 1, 8],
    ['f', 0],
    ['r', 1, 300],
  ],
  step: 3,
  selected: { id: 1 },
  view: { zoom: 2.5, scroll: 64 },
  source: { kind: 'file', name: '<script>alert(1)</script>.rep' },
});

function errorOf(text: string): string {
  const r = decodeScenarioFile(text, 'saved.json');
  if (r.ok) throw new Error('the file was accepted');
  return r.error;
}

describe('a .json scenario file', () => {
  it('is readable JSON with one operation a line, in a fixed layout', () => {
    expect(encodeScenarioFile(small)).toBe(
      [
        '{',
        '  "type": "lululucator-scenario",',
        '  "version": 1,',
        '  "strategy": "first-fit",',
        '  "heapSize": 1024,',
        '  "source": {"kind":"file","name":"<script>alert(1)</script>.rep"},',
        '  "step": 3,',
        '  "selected": {"id":1},',
        '  "view": {"zoom":2.5,"scroll":64},',
        '  "ops": [',
        '    ["a", 0, 100],',
        '    ["a", 1, 8],',
        '    ["f", 0],',
        '    ["r", 1, 300]',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('reads back to the scenario it was written from, for any scenario', () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r = decodeScenarioFile(encodeScenarioFile(s));
        expect(r.ok && plain(r.scenario)).toEqual(plain(s));
      }),
      { numRuns: 150 },
    );
  });

  it('is detected by content and read by the trace reader as a trace that replays, carrying its scenario', () => {
    const trace = readTraceText(encodeScenarioFile(small), 'anything.txt');
    expect(trace.format).toBe('scenario');
    expect(isScenarioTrace(trace) && plain(trace.scenario)).toEqual(plain(small));
    expect([trace.idCount, trace.suggestedHeap, Array.from(trace.ops.line.subarray(0, 4))]).toEqual([2, 1024, [11, 12, 13, 14]]);
    const outcome = replayTrace(trace, { strategy: 'first-fit', heapSize: 1024 });
    expect(outcome.driver.ops).toBe(4);
    expect(outcome.driver.failed).toBe(0);
  });

  it('also loads in another JSON layout (minified, keys in any order)', () => {
    const text = JSON.stringify({ ops: [['a', 0, 8]], version: 1, type: 'lululucator-scenario', heapSize: 128 });
    const r = decodeScenarioFile(text);
    expect(r.ok && [r.scenario.heapSize, r.scenario.ops.length, r.scenario.step]).toEqual([128, 1, 1]);
  });

  it('says which line is bad: broken JSON, a bad operation, a program error, a bad field', () => {
    const good = encodeScenarioFile(small);
    expect(errorOf(good.replace('"step": 3,', '"step": 3'))).toMatch(/^saved\.json:8: not valid JSON: /);
    expect(errorOf(good.replace('["f", 0]', '["f", 0'))).toBe('saved.json:13: not an operation: expected one like ["a", 0, 16] on each line of "ops", found "["f", 0,"');
    expect(errorOf(good.replace('["f", 0]', '["x", 0]'))).toBe('saved.json:13: an operation starts with "a", "f" or "r", not "x"');
    expect(errorOf(good.replace('["f", 0]', '["f", 7]'))).toBe('saved.json:13: operation 3: free of id 7, which is never allocated');
    expect(errorOf(good.replace('"heapSize": 1024', '"heapSize": 1020'))).toBe('saved.json:5: "heapSize" must be a multiple of 8 from 64 to 1073741824 bytes, not 1020');
    expect(errorOf(good.replace('"zoom":2.5', '"zoom":0'))).toBe('saved.json:9: "view.zoom" must be a number from 1 to 1073741824, not 0');
    expect(errorOf(good.replace('"version": 1', '"version": 5'))).toMatch(/^saved\.json:3: this file was made by a newer version of the explorer \(v5\)/);
    expect(errorOf(good.replace('"step": 3,', '"step": 3,\n  "extra": true,'))).toMatch(/^saved\.json:8: unknown field "extra"/);
  });

  it('is refused when cut short, or when it is JSON but not a scenario', () => {
    const good = encodeScenarioFile(small);
    expect(errorOf(good.slice(0, good.indexOf('["r"')))).toBe('saved.json:14: the file ends inside the "ops" list opened at line 10: it is cut short');
    expect(errorOf(good.slice(0, good.indexOf('"step"')))).toMatch(/^saved\.json:\d+: not valid JSON/);
    expect(errorOf('{"name": "package", "version": "1.0.0"}')).toBe('saved.json:1: not a scenario file: its "type" should be "lululucator-scenario"');
    expect(errorOf('{\n  "type": "lululucator-scenario", "version": 1,\n  "view": {\n  "ops": [\n  ]\n  }\n}')).toBe(
      'saved.json:4: the "ops" list must be a field of the top-level object',
    );
  });

  it('keeps a selection warning as a trace warning at the line of "selected"', () => {
    const text = encodeScenarioFile(small).replace('"selected": {"id":1}', '"selected": {"id":0}');
    const trace = readTraceText(text, 'saved.json');
    expect(trace.warnings).toEqual([{ line: 8, message: 'the selected block (id 0) is not live at step 3: nothing is selected' }]);
  });

  it('is replayed by the command line like any trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'saved.json');
    writeFileSync(file, encodeScenarioFile(small));
    const root = resolve(import.meta.dirname, '../..');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'replay', file, '--strategy', 'first-fit', '--heap', '1024', '--json', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'scenario', strategy: 'first-fit', ops: 4, failed: 0, checked: true });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, encodeScenarioFile(small).replace('["f", 0]', '["f", 9]'));
    const b = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'replay', bad], { cwd: root, encoding: 'utf8' });
    expect([b.status, b.stdout, b.stderr.trim()]).toEqual([2, '', `${bad}:13: operation 3: free of id 9, which is never allocated`]);
  });

  it('throws a TraceError through the trace reader, as every format does', () => {
    expect(() => readTraceText('{"type": 1}', 'x.json')).toThrow(TraceError);
  });
});
