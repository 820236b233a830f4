import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { cliLiveBlocks, TimelineBar } from './timeline-page.ts';

const TRACES = join(import.meta.dirname, '..', 'public', 'traces');
/** GNU sort recorded with valgrind: 428 operations, one process. */
const SORT = join(TRACES, 'sort.vg');
const SORT_OPS = 428;

test.describe('replaying a trace', () => {
  test('a trace loaded through the file input starts at step 0 and steps forward and back by button and key', async ({ explorer, page }) => {
    const bar = new TimelineBar(page);
    await bar.load(SORT, SORT_OPS);
    await expect(explorer.blockRows.and(page.locator('[data-state="allocated"]'))).toHaveCount(0);
    await bar.forward.click();
    await bar.expectStep(1, SORT_OPS);
    await expect(explorer.blockRows.and(page.locator('[data-state="allocated"]'))).toHaveCount(1);
    await page.keyboard.press('.');
    await bar.expectStep(2, SORT_OPS);
    await page.keyboard.press('ArrowRight');
    await bar.expectStep(3, SORT_OPS);
    await page.keyboard.press('ArrowLeft');
    await bar.expectStep(2, SORT_OPS);
    await page.keyboard.press(',');
    await bar.expectStep(1, SORT_OPS);
    await bar.back.click();
    await bar.expectStep(0, SORT_OPS);
    await expect(bar.back).toBeDisabled();
  });

  test('a trace dropped on the page loads as one chosen through the file input does', async ({ explorer, page }) => {
    await explorer.ready();
    const bar = new TimelineBar(page);
    await bar.drop(SORT);
    await bar.expectStep(0, SORT_OPS);
    await expect(page.getByText('sort.vg', { exact: true })).toBeVisible();
  });

  test('scrubbing to the middle shows the blocks the command line has live after that many operations', async ({ explorer, page }) => {
    const bar = new TimelineBar(page);
    await bar.load(SORT, SORT_OPS);
    const middle = Math.floor(SORT_OPS / 2);
    await bar.scrubTo(middle);
    await bar.expectStep(middle, SORT_OPS);
    const heap = Number(await explorer.heapSize.inputValue());
    const expected = [...cliLiveBlocks(SORT, 'lululucator', heap, middle)].map(([id, offset]) => [offset, id]).sort((a, b) => a[0] - b[0]);
    await expect
      .poll(async () =>
        (await explorer.blocks())
          .filter((b) => b.state === 'allocated')
          .map((b) => [b.offset, b.id])
          .sort((a, b) => a[0]! - b[0]!),
      )
      .toEqual(expected);
    // The log follows: the operation that led to this step is the current row.
    await expect(explorer.log.locator('[data-current="true"]')).toHaveAttribute('data-step', String(middle));
  });

  test('playing at full speed runs to the last step and stops there', async ({ explorer, page }) => {
    await explorer.ready();
    const bar = new TimelineBar(page);
    await bar.load(SORT, SORT_OPS);
    await bar.speed.selectOption('Infinity');
    await bar.play.click();
    await bar.expectStep(SORT_OPS, SORT_OPS);
    await expect(bar.play).toHaveAttribute('aria-pressed', 'false');
  });

  test('a click at an earlier step replaces the operations after it', async ({ explorer, page }) => {
    const bar = new TimelineBar(page);
    await bar.load(SORT, SORT_OPS);
    await bar.scrubTo(10);
    await bar.expectStep(10, SORT_OPS);
    await expect(page.getByText(`a click here replaces the ${SORT_OPS - 10} later operations`)).toBeVisible();
    await explorer.setSize(64);
    await explorer.allocButton.click();
    await bar.expectStep(11, 11);
  });

  test('a bad trace file shows its line in an alert and leaves the heap as it was', async ({ explorer, page }, testInfo) => {
    await explorer.alloc(100);
    await explorer.alloc(40);
    const before = await explorer.snapshot();
    const bad = testInfo.outputPath('bad.rep');
    writeFileSync(bad, '1000\n2\n3\n1\na 0 10\nf 0\nf 1\n');
    await new TimelineBar(page).file.setInputFiles(bad);
    await expect(explorer.alert).toContainText('bad.rep:7:');
    expect(await explorer.snapshot()).toEqual(before);
  });

  test('a recording of several processes offers a choice of process, and replays the one chosen', async ({ explorer, page }) => {
    await explorer.ready();
    const bar = new TimelineBar(page);
    await bar.samples.selectOption('pipeline.vg');
    await expect(bar.process).toBeVisible();
    await expect(bar.process.locator('option')).toHaveCount(4);
    const first = (await bar.step.textContent())!;
    const other = await bar.process.locator('option').nth(1).getAttribute('value');
    const otherCalls = await bar.process.locator('option').nth(1).textContent();
    await bar.process.selectOption(other!);
    await expect(bar.process).toHaveValue(other!);
    await expect(bar.step).not.toHaveText(first);
    expect(otherCalls).toMatch(/calls/);
  });

  test('an allocation that fails for want of memory is explained and its too-small holes named', async ({ explorer, page }) => {
    await explorer.useHeap('first-fit', 256);
    await explorer.alloc(100);
    await explorer.alloc(24);
    await explorer.free(0);
    await explorer.setSize(200);
    await explorer.allocButton.click();
    await expect(explorer.alert).toContainText('out of memory');
    await expect(page.getByTestId('failure-note')).toContainText('the largest hole is');
  });
});
