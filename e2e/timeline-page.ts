import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

/** The timeline bar, driven through its test ids (CONTRACT.md). */
export class TimelineBar {
  readonly file: Locator;
  readonly samples: Locator;
  readonly process: Locator;
  readonly scrubber: Locator;
  readonly step: Locator;
  readonly play: Locator;
  readonly back: Locator;
  readonly forward: Locator;
  readonly speed: Locator;

  constructor(readonly page: Page) {
    this.file = page.getByTestId('trace-file');
    this.samples = page.getByTestId('samples');
    this.process = page.getByTestId('process');
    this.scrubber = page.getByTestId('timeline');
    this.step = page.getByTestId('step');
    this.play = page.getByTestId('play');
    this.back = page.getByTestId('step-back');
    this.forward = page.getByTestId('step-forward');
    this.speed = page.getByTestId('speed');
  }

  /** Waits for the step counter to read `k / n`. */
  async expectStep(k: number, n: number): Promise<void> {
    await expect(this.step).toHaveText(`${k.toLocaleString('en-US')} / ${n.toLocaleString('en-US')}`);
  }

  /** Loads a file through the `trace-file` input and waits for step 0 of its `ops` operations. */
  async load(path: string, ops: number): Promise<void> {
    await this.file.setInputFiles(path);
    await this.expectStep(0, ops);
  }

  /** Drops a file on the page, as a user drags one from their desktop. */
  async drop(path: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        return transfer;
      },
      { base64: readFileSync(path).toString('base64'), name: basename(path) },
    );
    await this.page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await this.page.dispatchEvent('body', 'dragover', { dataTransfer });
    await this.page.dispatchEvent('body', 'drop', { dataTransfer });
  }

  /** Moves the scrubber to step `k` as a user dragging it would (an input event on the range). */
  async scrubTo(k: number): Promise<void> {
    await this.scrubber.fill(String(k));
  }
}

/** The allocated blocks after the first `step` operations, by the command line's `--events`: id -> payload offset. */
export function cliLiveBlocks(file: string, strategy: string, heap: number, step: number, pid?: number): Map<number, number> {
  const args = ['run', '-s', 'cli', '--', 'replay', file, '--events', '--strategy', strategy, '--heap', String(heap)];
  if (pid !== undefined) args.push('--pid', String(pid));
  const out = execFileSync('npm', args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  const live = new Map<number, number>();
  for (const line of out.split('\n')) {
    if (!line.startsWith('{"i":')) continue;
    const e = JSON.parse(line) as { i: number; op: string; id: number; offset: number | null; error?: string };
    if (e.i >= step) break;
    if (e.error !== undefined) continue;
    if (e.op === 'free') live.delete(e.id);
    else if (e.offset !== null) live.set(e.id, e.offset);
    else live.delete(e.id);
  }
  return live;
}
