import { expect, test } from './fixtures.ts';

test.describe('the keyboard', () => {
  test('a allocates, up and down arrows move the selection, Delete frees, r reallocs', async ({ explorer, page }) => {
    await explorer.setSize(40);
    await explorer.allocSize.blur();
    await page.keyboard.press('a');
    await page.keyboard.press('a');
    await page.keyboard.press('a');
    await explorer.expectBlocks([
      [0, 40, 'allocated', 0],
      [40, 40, 'allocated', 1],
      [80, 40, 'allocated', 2],
    ]);
    await expect(explorer.selected).toHaveAttribute('data-offset', '80');
    await page.keyboard.press('ArrowUp');
    await expect(explorer.selected).toHaveAttribute('data-offset', '40');
    await page.keyboard.press('Delete');
    await explorer.expectFreeList([40]);
    await page.keyboard.press('ArrowDown');
    await expect(explorer.selected).toHaveAttribute('data-offset', '80');
    await explorer.setSize(16);
    await explorer.allocSize.blur();
    await page.keyboard.press('r');
    // realloc 16 into the free 40-byte node: 24 from its front, 16 left (less than a node): taken whole.
    await explorer.expectBlocks([
      [0, 40, 'allocated', 0],
      [40, 40, 'allocated', 2],
      [80, 40, 'free', null],
    ]);
    // The reallocated block is selected once the worker has answered; only then move.
    await expect(explorer.selected).toHaveAttribute('data-offset', '40');
    await page.keyboard.press('Home');
    await expect(explorer.selected).toHaveAttribute('data-offset', '0');
    await page.keyboard.press('End');
    await expect(explorer.selected).toHaveAttribute('data-offset', '80');
    await page.keyboard.press('Escape');
    await expect(explorer.selected).not.toHaveAttribute('data-offset');
  });

  test('Enter in the size field allocates, and Reset works from the keyboard (Tab, Enter)', async ({ explorer, page }) => {
    await explorer.allocSize.fill('100');
    await explorer.allocSize.press('Enter');
    await explorer.allocSize.fill('40');
    await explorer.allocSize.press('Enter');
    await explorer.expectBlocks([
      [0, 104, 'allocated', 0],
      [104, 40, 'allocated', 1],
    ]);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '144');
    await explorer.resetButton.focus();
    await page.keyboard.press('Enter');
    await expect(explorer.blockRows).toHaveCount(0);
    await expect(explorer.bumpPointer).toHaveAttribute('data-offset', '0');
  });

  test('? shows the shortcuts and Escape closes them', async ({ explorer, page }) => {
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('free the selected block');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(explorer.workerStatus).toHaveAttribute('data-state', 'ready');
  });

  test('typing in a field does not trigger shortcuts', async ({ explorer }) => {
    await explorer.allocSize.fill('');
    await explorer.allocSize.pressSequentially('8a');
    await expect(explorer.blockRows).toHaveCount(0);
  });
});
