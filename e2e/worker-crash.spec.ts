import { expect, test } from './fixtures.ts';

test('when the worker dies the page says so, and a restart rebuilds the heap from the operations done', async ({ explorer, page }) => {
  for (const size of [100, 40, 24, 64]) await explorer.alloc(size);
  await explorer.free(2);
  await explorer.realloc(0, 200);
  const before = await explorer.snapshot();
  await page.evaluate(() => window.lulu!.crashWorker());
  const banner = page.getByTestId('worker-crashed');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('The heap worker stopped');
  await expect(explorer.workerStatus).toHaveAttribute('data-state', 'crashed');
  await expect(explorer.allocButton).toBeDisabled();
  await page.getByTestId('restart-worker').click();
  await explorer.ready();
  await expect(banner).toHaveCount(0);
  await expect.poll(() => explorer.snapshot()).toEqual(before);
  await expect(explorer.events.last()).toContainText('rebuilt from 6 operations');
  await explorer.alloc(8);
  await expect(explorer.alert).toHaveCount(0);
});
