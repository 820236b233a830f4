import { expect, test } from './fixtures.ts';

test.describe('the layout', () => {
  for (const width of [1000, 1280, 1920]) {
    test(`fits a ${width} px wide window without a horizontal scrollbar`, async ({ explorer, page }) => {
      await page.setViewportSize({ width, height: 800 });
      for (const size of [100, 40, 250]) await explorer.alloc(size);
      await explorer.alloc(0);
      await expect(explorer.alert).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const strip = await explorer.strip.boundingBox();
      expect(strip!.width).toBeGreaterThan(width - 40);
    });
  }

  test('an alert does not move the strip (no layout jump)', async ({ explorer }) => {
    const before = await explorer.strip.boundingBox();
    await explorer.alloc(0);
    await expect(explorer.alert).toBeVisible();
    expect(await explorer.strip.boundingBox()).toEqual(before);
  });
});
