import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

/** A session of clicks: [op, id or size, size]. Ids are the page's: the n-th alloc is id n. */
const SCRIPT: readonly (readonly ['alloc', number] | readonly ['free', number] | readonly ['realloc', number, number])[] = [
  ['alloc', 100],
  ['alloc', 40],
  ['alloc', 250],
  ['alloc', 24],
  ['free', 1],
  ['alloc', 30],
  ['realloc', 0, 300],
  ['free', 3],
  ['alloc', 8],
  ['alloc', 200],
  ['free', 2],
  ['realloc', 4, 16],
  ['alloc', 120],
  ['free', 5],
  ['alloc', 60],
];

test('the Lululucator on the page gives, click for click, the offsets of `cli replay --events`', async ({ explorer }, testInfo) => {
  test.setTimeout(60_000);
  const heap = 65536;
  for (const step of SCRIPT) {
    if (step[0] === 'alloc') await explorer.alloc(step[1]);
    else if (step[0] === 'free') await explorer.free(step[1]);
    else await explorer.realloc(step[1], step[2]);
  }
  const page = await explorer.events.evaluateAll((rows) =>
    rows
      .map((r) => (r as HTMLElement).dataset)
      .filter((d) => d.kind === 'op')
      .map((d) => ({ op: d.op, id: Number(d.id), offset: d.offset === undefined ? null : Number(d.offset) })),
  );
  expect(page).toHaveLength(SCRIPT.length);

  const ids = Math.max(...page.map((p) => p.id)) + 1;
  const lines = page.map((p, i) => {
    const step = SCRIPT[i];
    return p.op === 'alloc' ? `a ${p.id} ${step[1]}` : p.op === 'free' ? `f ${p.id}` : `r ${p.id} ${step[2]}`;
  });
  const file = testInfo.outputPath('clicks.rep');
  writeFileSync(file, [heap, ids, lines.length, 1, ...lines].join('\n') + '\n');
  const out = execFileSync('npm', ['run', '-s', 'cli', '--', 'replay', file, '--events', '--heap', String(heap)], { encoding: 'utf8' });
  const cli = out
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"i":'))
    .map((l) => JSON.parse(l) as { op: string; id: number; offset: number | null })
    .map(({ op, id, offset }) => ({ op, id, offset }));
  expect(cli).toEqual(page);
});
