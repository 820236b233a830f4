import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { launchChromium, serveApp } from '../scripts/preview-server.ts';
import { timelineFigures, type JumpPhases } from './page-timeline.ts';

/**
 * `npm run bench:page`: the page's own figures, in headless Chromium.
 * - click to drawn: from a click on Alloc (or Free) to the end of the strip's
 *   draw of the heap version that has the change, on a realistic heap;
 * - strip frame time: draw time per frame while the wheel zooms a heap of
 *   100,000 live blocks, in and out;
 * - the page's JavaScript, gzipped (dist/assets/*.js, the worker included);
 * - the timeline with a generated trace of a million operations (see
 *   page-timeline.ts): load until ready, seeks, memory, playback.
 * Figures, not assertions: the budgets (16 ms, 150 KB) are printed beside them.
 */

const PORT = 4185;
const CLICKS = 200;
const ZOOM_FRAMES = 240;
const TIMELINE_OPS = 1_000_000;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

async function openPage(page: Page, url: string): Promise<void> {
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(url);
  await page.getByTestId('worker-status').and(page.locator('[data-state="ready"]')).waitFor();
}

/** A heap with tens of blocks and a free list of several nodes, made in one worker call. */
async function realisticHeap(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
    for (let id = 0; id < 60; id++) ops.push({ op: 'alloc', id, size: 16 + ((id * 37) % 240) });
    for (let id = 3; id < 60; id += 7) ops.push({ op: 'free', id, size: 0 });
    await window.lulu!.replay(ops);
  });
}

interface ClickTimes {
  /** Click to the end of the strip's draw of the new version. */
  readonly drawn: number[];
  /** Click to the page's reading of the new version (the worker's round trip). */
  readonly read: number[];
}

/** Clicks Alloc then Free, `clicks` times each; for each click, the times to the heap read and to the strip drawn (ms). */
async function clickToDrawn(page: Page, clicks: number): Promise<{ alloc: ClickTimes; free: ClickTimes }> {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heap-strip"]')!;
    const button = (id: string) => document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)!;
    const reader = window.lulu!.services.connection.reader;
    const timed = (id: string, into: { drawn: number[]; read: number[] }) =>
      new Promise<void>((resolve) => {
        const v0 = reader.version();
        let t0 = 0;
        const unsubscribe = reader.subscribe(() => {
          if ((reader.latest()?.version ?? 0) > v0) {
            into.read.push(performance.now() - t0);
            unsubscribe();
          }
        });
        const onDrawn = (e: Event) => {
          const detail = (e as CustomEvent<{ version: number; at: number }>).detail;
          if (detail.version > v0) {
            canvas.removeEventListener('strip-drawn', onDrawn);
            into.drawn.push(detail.at - t0);
            resolve();
          }
        };
        canvas.addEventListener('strip-drawn', onDrawn);
        t0 = performance.now();
        button(id).click();
      });
    // Each click at a random moment of the frame, as a user's would be (a fixed phase would bias the wait for the next frame).
    const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 4 + Math.random() * 17)));
    const alloc = { drawn: [] as number[], read: [] as number[] };
    const free = { drawn: [] as number[], read: [] as number[] };
    for (let i = 0; i < n; i++) {
      await timed('alloc', alloc);
      await settle();
      await timed('free', free);
      await settle();
    }
    return { alloc, free };
  }, clicks);
}

/** 100,000 live blocks (and 20,000 free ones) on a 16 MiB heap, in one worker call. */
async function bigHeap(page: Page): Promise<number> {
  await page.getByTestId('heap-size').fill(String(16 << 20));
  await page.getByTestId('heap-size').press('Enter');
  await page.getByTestId('heap-size').and(page.locator(`[value="${16 << 20}"]`)).waitFor();
  await page.waitForFunction((size) => window.lulu!.services.connection.picture()?.heapSize === size, 16 << 20);
  return page.evaluate(async () => {
    const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let id = 0; id < 120_000; id++) ops.push({ op: 'alloc', id, size: 8 + Math.floor(random() * 120) });
    for (let id = 0; id < 120_000; id += 6) ops.push({ op: 'free', id, size: 0 });
    await window.lulu!.replay(ops);
    const picture = window.lulu!.services.connection.picture()!;
    return picture.blocks.count;
  });
}

/** Wheel events over the strip, one an animation frame, zooming in then out: each frame's draw time and the frame intervals. */
async function zoomFrames(page: Page, frames: number): Promise<{ draws: number[]; intervals: number[]; zoomMax: number }> {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heap-strip"]')!;
    const strip = window.lulu!.services.strip.current!;
    const rect = canvas.getBoundingClientRect();
    strip.drawTimes.splice(0);
    const intervals: number[] = [];
    let zoomMax = 1;
    let last = performance.now();
    for (let i = 0; i < n; i++) {
      await new Promise<void>((resolve) =>
        requestAnimationFrame((now) => {
          intervals.push(now - last);
          last = now;
          const inward = i < n / 2;
          const x = rect.left + rect.width * (0.2 + 0.6 * ((i * 7) % 10) / 10);
          const y = rect.top + rect.height * (0.3 + 0.1 * (i % 4));
          canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: inward ? -120 : 120, clientX: x, clientY: y, bubbles: true, cancelable: true }));
          zoomMax = Math.max(zoomMax, strip.currentView().zoom);
          resolve();
        }),
      );
    }
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return { draws: strip.drawTimes.slice(), intervals: intervals.slice(1), zoomMax };
  }, frames);
}

async function gzippedJs(): Promise<{ file: string; raw: number; gzip: number }[]> {
  const dir = 'dist/assets';
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  return Promise.all(
    files.map(async (file) => {
      const body = await readFile(join(dir, file));
      return { file, raw: body.length, gzip: gzipSync(body).length };
    }),
  );
}

const served = await serveApp({ port: PORT, skipBuild: process.argv.includes('--skip-build') });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openPage(page, served.url);
  await realisticHeap(page);
  const clicks = await clickToDrawn(page, CLICKS);
  const blocks = await bigHeap(page);
  const fullDraw = await page.evaluate(() => {
    const strip = window.lulu!.services.strip.current!;
    strip.showAll();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) times.push(strip.drawNow());
    return times;
  });
  const zoom = await zoomFrames(page, ZOOM_FRAMES);
  // The timeline's figures on a page of their own, alone in the browser as a user's would be: on two cores, the
  // first page's heap and worker would otherwise share the machine with it.
  await page.close();
  const timelinePage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await openPage(timelinePage, served.url);
  const timeline = await timelineFigures(timelinePage, TIMELINE_OPS);
  const js = await gzippedJs();
  const total = js.reduce((sum, f) => sum + f.gzip, 0);
  const pageJs = js.filter((f) => f.file.startsWith('index-')).reduce((sum, f) => sum + f.gzip, 0);
  const workerJs = js.filter((f) => f.file.startsWith('heap-worker-')).reduce((sum, f) => sum + f.gzip, 0);
  const lazyJs = total - pageJs - workerJs;

  const lines = [
    `page benchmark (headless Chromium, software rendering; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at the end)`,
    `click to drawn, realistic heap (${CLICKS} clicks each):`,
    `  alloc  median ${ms(percentile(clicks.alloc.drawn, 50))}  p95 ${ms(percentile(clicks.alloc.drawn, 95))}  (budget: one frame, 16 ms, at the median)`,
    `  free   median ${ms(percentile(clicks.free.drawn, 50))}  p95 ${ms(percentile(clicks.free.drawn, 95))}`,
    `  of which click to the new heap read (worker round trip): median ${ms(percentile([...clicks.alloc.read, ...clicks.free.read], 50))}`,
    `strip with ${blocks.toLocaleString('en-US')} blocks (100,000 live), zooming in and out over ${ZOOM_FRAMES} frames (to zoom ${zoom.zoomMax.toFixed(0)}):`,
    `  draw per frame  median ${ms(percentile(zoom.draws, 50))}  p95 ${ms(percentile(zoom.draws, 95))}  max ${ms(Math.max(...zoom.draws))}  (${zoom.draws.length} draws; budget 16 ms)`,
    `  frame interval  median ${ms(percentile(zoom.intervals, 50))}  p95 ${ms(percentile(zoom.intervals, 95))}`,
    `  whole heap in view: draw median ${ms(percentile(fullDraw, 50))}`,
    `timeline of a generated trace, ${timeline.ops.toLocaleString('en-US')} operations (${(timeline.fileBytes / 1048576).toFixed(1)} MiB of .rep), through the trace-file input:`,
    `  load until ready to scrub  ${(timeline.loadMs / 1000).toFixed(2)} s  (budget 3 s); longest frame of the page meanwhile ${ms(timeline.loadLongestFrameMs)}`,
    `  jump to a random step from an idle page, to the painted frame that shows the heap and the step (${timeline.seeks.length} each; budget 50 ms at p95):`,
    `    lululucator  median ${ms(percentile(timeline.seeks, 50))}  p95 ${ms(percentile(timeline.seeks, 95))}  max ${ms(Math.max(...timeline.seeks))}`,
    `    first-fit    median ${ms(percentile(timeline.firstFitSeeks, 50))}  p95 ${ms(percentile(timeline.firstFitSeeks, 95))}  max ${ms(Math.max(...timeline.firstFitSeeks))}`,
    `    lululucator, the store's seek promise settled (the worker's reply, then the frame after it; not what the user waits for)  median ${ms(percentile(timeline.seekSettled, 50))}  p95 ${ms(percentile(timeline.seekSettled, 95))}`,
    ...(['lululucator', 'first-fit'] as const).map((name) => {
      const phases = name === 'lululucator' ? timeline.phases : timeline.firstFitPhases;
      const median = (pick: (p: JumpPhases) => number) => ms(percentile(phases.map(pick).filter(Number.isFinite), 50));
      const times = name === 'lululucator' ? timeline.seeks : timeline.firstFitSeeks;
      // The slowest tenth of the jumps, phase by phase: where the 95th percentile comes from.
      const slowest = phases.filter((_, i) => times[i] >= percentile(times, 90));
      const mean = (pick: (p: JumpPhases) => number) => {
        const values = slowest.map(pick).filter(Number.isFinite);
        return ms(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
      };
      return [
        `    ${name}, medians of its phases: worker seek ${median((p) => p.work)} (to the page's reading ${median((p) => p.toRead)}); reading the heap ${median((p) => p.read)}; to the strip drawn ${median((p) => p.toDrawn)}; to the frame painted ${median((p) => p.toPainted)}`,
        `    ${name}, the slowest tenth, means of its phases: worker seek ${mean((p) => p.work)} (to the page's reading ${mean((p) => p.toRead)}); reading the heap ${mean((p) => p.read)}; to the strip drawn ${mean((p) => p.toDrawn)}; to the frame painted ${mean((p) => p.toPainted)}`,
      ].join('\n');
    }),
    `  the same jumps back to back (a scrub: each also pays for the lists the last one left to render):`,
    `    lululucator  median ${ms(percentile(timeline.scrubSeeks, 50))}  p95 ${ms(percentile(timeline.scrubSeeks, 95))}  max ${ms(Math.max(...timeline.scrubSeeks))}`,
    `    first-fit    median ${ms(percentile(timeline.firstFitScrubSeeks, 50))}  p95 ${ms(percentile(timeline.firstFitScrubSeeks, 95))}  max ${ms(Math.max(...timeline.firstFitScrubSeeks))}`,
    `  memory  ${timeline.memoryBytes === null ? 'not measured' : `${(timeline.memoryBytes / 1048576).toFixed(0)} MiB`} (${timeline.memoryNote}; budget 500 MB)`,
    `  playback at full speed  frame interval median ${ms(percentile(timeline.playFrames, 50))}  p95 ${ms(percentile(timeline.playFrames, 95))}; strip draw median ${ms(percentile(timeline.playDraws, 50))}  p95 ${ms(percentile(timeline.playDraws, 95))}; ${Math.round(timeline.playStepsPerSecond).toLocaleString('en-US')} steps/s`,
    `JavaScript, gzipped (budget 150 KB for the page's own): the page ${(pageJs / 1024).toFixed(1)} KB, its heap worker ${(workerJs / 1024).toFixed(1)} KB, loaded when needed ${(lazyJs / 1024).toFixed(1)} KB; ${(total / 1024).toFixed(1)} KB in all`,
    ...js.map((f) => `  ${f.file}  ${(f.raw / 1024).toFixed(1)} KB raw, ${(f.gzip / 1024).toFixed(1)} KB gzipped`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await browser.close();
  await served.close();
}
