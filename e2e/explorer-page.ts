import { expect, type Locator, type Page } from '@playwright/test';

/** One row of the block list, from its data attributes. */
export interface BlockRow {
  readonly offset: number;
  readonly size: number;
  readonly state: 'allocated' | 'free';
  readonly id: number | null;
  readonly requested: number | null;
}

/** One row of the free list. */
export interface FreeNodeRow {
  readonly offset: number;
  readonly size: number;
  readonly list: string;
}

/** The state the page shows, for "nothing changed" checks. */
export interface HeapView {
  readonly blocks: readonly BlockRow[];
  readonly freeList: readonly FreeNodeRow[];
  readonly bump: number;
}

/**
 * The explorer page, driven the way a user does (clicks, keys) and read
 * through the contract's test ids (CONTRACT.md, "The page").
 */
export class ExplorerPage {
  readonly strategy: Locator;
  readonly heapSize: Locator;
  readonly allocSize: Locator;
  readonly allocButton: Locator;
  readonly freeButton: Locator;
  readonly reallocButton: Locator;
  readonly resetButton: Locator;
  readonly strip: Locator;
  readonly blockList: Locator;
  readonly blockRows: Locator;
  readonly freeList: Locator;
  readonly freeNodes: Locator;
  readonly bumpPointer: Locator;
  readonly selected: Locator;
  readonly log: Locator;
  readonly events: Locator;
  readonly alert: Locator;
  readonly workerStatus: Locator;

  constructor(readonly page: Page) {
    this.strategy = page.getByTestId('strategy');
    this.heapSize = page.getByTestId('heap-size');
    this.allocSize = page.getByTestId('alloc-size');
    this.allocButton = page.getByTestId('alloc');
    this.freeButton = page.getByTestId('free');
    this.reallocButton = page.getByTestId('realloc');
    this.resetButton = page.getByTestId('reset');
    this.strip = page.getByTestId('heap-strip');
    this.blockList = page.getByTestId('block-list');
    this.blockRows = this.blockList.getByTestId('block');
    this.freeList = page.getByTestId('free-list');
    this.freeNodes = this.freeList.getByTestId('free-node');
    this.bumpPointer = page.getByTestId('bump-pointer');
    this.selected = page.getByTestId('selected');
    this.log = page.getByTestId('log');
    this.events = this.log.getByTestId('event');
    this.alert = page.getByRole('alert');
    this.workerStatus = page.getByTestId('worker-status');
  }

  /** Opens the page and waits until the worker has made the first heap. */
  async open(url = '/'): Promise<void> {
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await expect(this.workerStatus).toHaveAttribute('data-state', 'ready');
    await expect(this.bumpPointer).toBeVisible();
  }

  /** A new, empty heap of `name` (and `heapSize` bytes, when given): waits for its "heap:" log line. */
  async useHeap(name: string, heapSize?: number): Promise<void> {
    if ((await this.strategy.inputValue()) !== name) {
      await this.strategy.selectOption(name);
      await expect(this.events.last()).toContainText(`heap: ${name},`);
    }
    if (heapSize !== undefined && Number(await this.heapSize.inputValue()) !== heapSize) {
      await this.heapSize.fill(String(heapSize));
      await this.heapSize.press('Enter');
      await expect(this.events.last()).toHaveText(`heap: ${name}, ${heapSize.toLocaleString('en-US')} bytes`);
    }
    await expect(this.workerStatus).toHaveAttribute('data-state', 'ready');
  }

  /** Clicks an operation button and waits for its log line. */
  private async act(button: Locator): Promise<void> {
    const lines = await this.events.count();
    await button.click();
    await expect(this.events).toHaveCount(lines + 1);
    await this.settled();
  }

  /** Waits for the block and free lists to show the heap the strip shows (they follow it a frame later; the heap may move meanwhile). */
  async settled(): Promise<void> {
    await expect
      .poll(() =>
        this.page.evaluate(() => {
          const version = String(window.lulu!.services.connection.reader.latest()?.version ?? -1);
          const shownBy = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-version');
          return shownBy('block-list') === version && shownBy('free-list') === version;
        }),
      )
      .toBe(true);
  }

  async setSize(bytes: number): Promise<void> {
    await this.allocSize.fill(String(bytes));
  }

  async alloc(bytes?: number): Promise<void> {
    if (bytes !== undefined) await this.setSize(bytes);
    await this.act(this.allocButton);
  }

  /** Selects the block of id `id` in the block list. */
  async selectId(id: number): Promise<void> {
    await this.blockRows.and(this.page.locator(`[data-id="${id}"]`)).click();
    await expect(this.selected).toHaveAttribute('data-state', 'allocated');
  }

  async free(id?: number): Promise<void> {
    if (id !== undefined) await this.selectId(id);
    await this.act(this.freeButton);
  }

  async realloc(id: number, bytes: number): Promise<void> {
    await this.selectId(id);
    await this.setSize(bytes);
    await this.act(this.reallocButton);
  }

  /** Empties the heap: the timeline starts afresh, and the log with it. */
  async reset(): Promise<void> {
    await this.resetButton.click();
    await expect(this.events.last()).toHaveText('reset: the heap is empty');
  }

  async blocks(): Promise<BlockRow[]> {
    return this.blockRows.evaluateAll((rows) =>
      rows.map((r) => {
        const d = (r as HTMLElement).dataset;
        return {
          offset: Number(d.offset),
          size: Number(d.size),
          state: d.state as 'allocated' | 'free',
          id: d.id === undefined ? null : Number(d.id),
          requested: d.requested === undefined ? null : Number(d.requested),
        };
      }),
    );
  }

  async freeListRows(): Promise<FreeNodeRow[]> {
    return this.freeNodes.evaluateAll((rows) =>
      rows.map((r) => {
        const d = (r as HTMLElement).dataset;
        return { offset: Number(d.offset), size: Number(d.size), list: d.list ?? '' };
      }),
    );
  }

  async bump(): Promise<number> {
    return Number(await this.bumpPointer.getAttribute('data-offset'));
  }

  async snapshot(): Promise<HeapView> {
    await this.settled();
    return { blocks: await this.blocks(), freeList: await this.freeListRows(), bump: await this.bump() };
  }

  /** Waits for the block list to show exactly these [offset, size, state, id] rows. */
  async expectBlocks(rows: readonly (readonly [number, number, 'allocated' | 'free', number | null])[]): Promise<void> {
    await expect.poll(async () => (await this.blocks()).map((b) => [b.offset, b.size, b.state, b.id])).toEqual(rows.map((r) => [...r]));
  }

  /** Waits for the free list to show these node offsets, head first. */
  async expectFreeList(offsets: readonly number[]): Promise<void> {
    await expect.poll(async () => (await this.freeListRows()).map((n) => n.offset)).toEqual([...offsets]);
  }

  /** Client coordinates of heap byte `offset` on the strip. */
  async stripPoint(offset: number): Promise<{ x: number; y: number }> {
    const point = await this.page.evaluate((o) => window.lulu!.stripPoint(o), offset);
    if (!point) throw new Error(`byte ${offset} is not in view on the strip`);
    return point;
  }

  /** The strip's pixel colour at heap byte `offset`, `dy` CSS pixels below the middle of its bar (default: near the top, above any label), as #rrggbb. */
  async stripColorAt(offset: number, dy = -10): Promise<string> {
    const point = await this.stripPoint(offset);
    const x = point.x;
    const y = point.y + dy;
    return this.strip.evaluate(
      (canvas, [cx, cy]) => {
        const c = canvas as HTMLCanvasElement;
        const rect = c.getBoundingClientRect();
        const scale = c.width / rect.width;
        const data = c.getContext('2d')!.getImageData(Math.round((cx - rect.left) * scale), Math.round((cy - rect.top) * scale), 1, 1).data;
        return `#${[data[0], data[1], data[2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      },
      [x, y] as const,
    );
  }

  /** The version of the heap the strip last drew. */
  async drawnVersion(): Promise<number> {
    return Number(await this.strip.getAttribute('data-drawn-version'));
  }
}
