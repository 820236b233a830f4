import type { Browser, Page } from '@playwright/test';
import { encodeBase64url } from '../src/core/scenario/base64url.ts';
import { ByteWriter } from '../src/core/scenario/bytes.ts';
import { crc32 } from '../src/core/scenario/crc32.ts';
import { deflateRaw } from '../src/core/scenario/deflate.ts';
import { encodeLink } from '../src/core/scenario/link.ts';
import { encodePayloadV1 } from '../src/core/scenario/payload.ts';
import { restoreScenario } from '../src/core/scenario/restore.ts';
import type { Scenario } from '../src/core/scenario/scenario.ts';
import { ExplorerPage } from './explorer-page.ts';
import { expect, test } from './fixtures.ts';

/**
 * Share links (issue 6): `share` puts the page's scenario in the address bar
 * and the clipboard; the link opened in another browser shows the same heap,
 * step, selection, metrics and view; a scenario too large for a link becomes
 * a file that `trace-file` opens again; bad links are alerts on a usable
 * page; back and forward move between what the links and the clicks showed.
 */

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const VIEWPORT = { width: 1280, height: 800 };
const METRICS = ['metric-utilization', 'metric-fragmentation', 'metric-payload', 'metric-footprint'];

/** Everything a scenario fixes that the page shows: settings, heap, step, selection, metrics, the strip's view. */
async function shown(explorer: ExplorerPage) {
  const page = explorer.page;
  return {
    strategy: await explorer.strategy.inputValue(),
    heapSize: await explorer.heapSize.inputValue(),
    heap: await explorer.snapshot(),
    step: await page.getByTestId('step').textContent(),
    selected: [await explorer.selected.getAttribute('data-state'), await explorer.selected.getAttribute('data-offset')],
    metrics: await Promise.all(METRICS.map((id) => page.getByTestId(id).getAttribute('data-value'))),
    view: await page.evaluate(() => window.lulu!.services.strip.current?.currentView() ?? null),
  };
}

/** The page opened at `url` in a new browser context: no storage, no history, nothing shared with the first. */
async function openElsewhere(browser: Browser, url: string): Promise<ExplorerPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const explorer = new ExplorerPage(await context.newPage());
  await explorer.open(url);
  return explorer;
}

/** Clicks `share` and waits for the link in the address bar; hands it back. */
async function share(page: Page): Promise<string> {
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-status')).toHaveText('link copied');
  await expect(page).toHaveURL(/#s=1\.[A-Za-z0-9_-]+$/);
  return page.url();
}

/** Waits for the allocated blocks to be exactly these [id, requested bytes], in address order. */
async function expectAllocated(explorer: ExplorerPage, rows: [number, number][]): Promise<void> {
  await expect.poll(async () => (await explorer.blocks()).filter((b) => b.state === 'allocated').map((b) => [b.id, b.requested])).toEqual(rows);
}

function scenario(raw: Record<string, unknown>): Scenario {
  const r = restoreScenario({ version: 1, ...raw });
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

/** best-fit on 8 KiB: blocks 0 (100 B), 2 (300 B) and a hole where 1 was; 2 selected, zoomed in. */
const OTHER = scenario({
  strategy: 'best-fit',
  heapSize: 8192,
  ops: [
    ['a', 0, 100],
    ['a', 1, 200],
    ['a', 2, 300],
    ['f', 1],
  ],
  selected: { id: 2 },
  view: { zoom: 4, scroll: 0 },
});

/** A link around hand-made v1 payload bytes (the header of bad-links.test.ts), with a good checksum. */
async function handMade(write: (w: ByteWriter) => void): Promise<string> {
  const w = new ByteWriter();
  write(w);
  w.u32(crc32(w.bytes()));
  return `#s=1.${encodeBase64url(await deflateRaw(w.bytes()))}`;
}

function header(w: ByteWriter, over: { strategy?: string; heapSize?: number; sample?: string } = {}): void {
  w.string(over.strategy ?? 'lululucator');
  w.varint(over.heapSize ?? 65536);
  w.varint(0);
  w.varint(0);
  w.f64(1);
  w.f64(0);
  if (over.sample === undefined) w.varint(0);
  else {
    w.varint(1);
    w.string(over.sample);
  }
}

test.describe('a share link', () => {
  test('made after clicks, a selection and a step back opens the same heap in a new browser', async ({ explorer, page, browser }) => {
    await explorer.useHeap('best-fit', 8192);
    await explorer.alloc(100);
    await explorer.alloc(200);
    await explorer.alloc(300);
    await explorer.free(1);
    await explorer.alloc(50);
    await explorer.selectId(2);
    await page.getByTestId('step-back').click();
    await expect(page.getByTestId('step')).toHaveText('4 / 5');
    await page.getByTestId('zoom-used').click();
    const before = await shown(explorer);
    expect(before.selected[0]).toBe('allocated');

    const url = await share(page);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    const other = await openElsewhere(browser, url);
    await expect.poll(() => shown(other)).toEqual(before);
    await expect(other.alert).toHaveCount(0);
    // The same scenario shares as the same link, wherever it is shared from.
    expect(await share(other.page)).toBe(url);
    await other.page.context().close();
  });

  test('of a sample at a middle step names the sample and opens it at that step', async ({ explorer, page, browser }) => {
    await page.getByTestId('samples').selectOption('sort.vg');
    await expect(page.getByTestId('step')).toHaveText('0 / 428');
    await page.getByTestId('timeline').fill('214');
    await expect(page.getByTestId('step')).toHaveText('214 / 428');
    await explorer.blockRows.and(page.locator('[data-state="allocated"]')).nth(3).click();
    await expect(explorer.selected).toHaveAttribute('data-state', 'allocated');
    const before = await shown(explorer);

    const url = await share(page);
    // The sample's name travels, not its 428 operations.
    expect(new URL(url).hash.length).toBeLessThan(120);

    const other = await openElsewhere(browser, url);
    await expect.poll(() => shown(other)).toEqual(before);
    await expect(other.page.getByTestId('samples')).toHaveValue('sort.vg');
    await expect(other.alert).toHaveCount(0);
    await other.page.context().close();
  });

  test('shared twice is the same link, in the same history entry', async ({ explorer, page }) => {
    await explorer.alloc(64);
    const entries = await page.evaluate(() => history.length);
    const first = await share(page);
    await page.getByTestId('share').click();
    await expect(page.getByTestId('share-status')).toHaveText('link copied');
    expect(page.url()).toBe(first);
    expect(await page.evaluate(() => history.length)).toBe(entries);
  });

  test('keeps markup in a name as text: it is shown, never run', async ({ page }) => {
    const name = '<img src=x onerror="window.__pwned=1">';
    const link = await encodeLink(scenario({ source: { kind: 'file', name }, ops: [['a', 0, 100]] }));
    const explorer = new ExplorerPage(page);
    await explorer.open(`/${link}`);
    await expectAllocated(explorer, [[0, 100]]);
    await expect(page.getByText(name).first()).toBeVisible();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('history', () => {
  test('back after opening a link shows the page as it was, forward the link again', async ({ explorer, page }) => {
    await explorer.alloc(100);
    await explorer.alloc(200);
    const mine = await shown(explorer);

    await page.goto(`/${await encodeLink(OTHER)}`);
    await expect(explorer.strategy).toHaveValue('best-fit');
    await expect(page.getByTestId('step')).toHaveText('4 / 4');
    const theirs = await shown(explorer);

    await page.goBack();
    await expect.poll(() => shown(explorer)).toEqual(mine);
    expect(new URL(page.url()).hash).toBe('');

    await page.goForward();
    await expect.poll(() => shown(explorer)).toEqual(theirs);
  });
});

test.describe('a scenario too large for a link', () => {
  test('is offered as a file, which trace-file opens again at the same step and selection', async ({ explorer, page, browser }) => {
    await explorer.useHeap('first-fit', 1 << 20);
    // 12,500 allocs and frees of shuffled ids and sizes: too much entropy for a 64 KiB link.
    await page.evaluate(async () => {
      let seed = 7;
      const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      const ids = Array.from({ length: 200_000 }, (_, i) => i);
      const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
      for (let k = 0; k < 12_500; k++) {
        const j = k + next(ids.length - k);
        [ids[k], ids[j]] = [ids[j], ids[k]];
        ops.push({ op: 'alloc', id: ids[k], size: 1 + next(4096) }, { op: 'free', id: ids[k], size: 0 });
      }
      await window.lulu!.replay(ops);
    });
    await expect(page.getByTestId('step')).toHaveText('25,000 / 25,000');
    await page.getByTestId('timeline').fill('12001');
    await expect(page.getByTestId('step')).toHaveText('12,001 / 25,000');
    await explorer.blockRows.and(page.locator('[data-state="allocated"]')).first().click();
    await expect(explorer.selected).toHaveAttribute('data-state', 'allocated');
    const before = await shown(explorer);

    await page.getByTestId('share').click();
    const offer = page.getByTestId('share-file');
    await expect(offer).toBeVisible();
    await expect(offer).toContainText(/this scenario is too large for a link \([\d,]+ characters; the limit is 65,536\)/);
    expect(new URL(page.url()).hash).toBe('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-download').click()]);
    expect(download.suggestedFilename()).toBe('lululucator-first-fit-step-12001-of-25000.json');
    const file = await download.path();

    const other = await openElsewhere(browser, new URL('/', page.url()).href);
    await other.page.getByTestId('trace-file').setInputFiles(file);
    await expect.poll(() => shown(other)).toEqual(before);
    await other.page.context().close();
  });
});

test.describe('a bad link', () => {
  const good = () => encodeLink(OTHER);
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['cut short', async () => (await good()).slice(0, -12), /this link is damaged/],
    [
      'with a bit flipped',
      async () => {
        const bytes = encodePayloadV1(OTHER);
        bytes[5] ^= 0x10;
        return `#s=1.${encodeBase64url(await deflateRaw(bytes))}`;
      },
      /this link is damaged: its checksum does not match/,
    ],
    ['from a future version', async () => (await good()).replace('#s=1.', '#s=7.'), /made by a newer version of the explorer \(v7\)/],
    ['of a version never written', async () => (await good()).replace('#s=1.', '#s=0.'), /has version 0, which no version of the explorer wrote/],
    ['declaring 2^50 operations', () => handMade((w) => (header(w), w.varint(2 ** 50))), /declares 1125899906842624 operations, more than the 1000000 a link may hold/],
    ['declaring a 2^50-byte strategy name', () => handMade((w) => w.varint(2 ** 50)), /the strategy name is 1125899906842624 bytes long/],
    ['with a 1 TiB heap', () => handMade((w) => (header(w, { heapSize: 2 ** 40 }), w.varint(0))), /"heapSize" must be a multiple of 8 from 64 to 1073741824 bytes, not 1099511627776/],
    ['with a script for a strategy', () => handMade((w) => (header(w, { strategy: '<script>window.__pwned=1</script>' }), w.varint(0))), /unknown strategy "<script>window.__pwned=1<\/script>"/],
    ['naming markup as a sample', () => handMade((w) => header(w, { sample: '<img src=x onerror=window.__pwned=1>' })), /"<img src=x onerror=window.__pwned=1>" is not a sample's name/],
    ['naming a sample this page does not have', () => handMade((w) => header(w, { sample: 'nosuch.vg' })), /names the sample "nosuch.vg", which this version of the explorer does not have/],
  ];

  for (const [what, make, message] of cases) {
    test(`${what}: an alert says why, and the page opens on its defaults, usable`, async ({ page }) => {
      const explorer = new ExplorerPage(page);
      await explorer.open(`/${await make()}`);
      await expect(explorer.alert).toHaveText(message);
      await expect(explorer.strategy).toHaveValue('lululucator');
      await expect(explorer.heapSize).toHaveValue('65536');
      await expect(page.getByTestId('step')).toHaveText('0 / 0');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      await explorer.alloc(100);
      await expectAllocated(explorer, [[0, 100]]);
      await expect(explorer.alert).toHaveCount(0);
    });
  }
});
