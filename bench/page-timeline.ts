import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { syntheticTrace, toRepText } from '../src/core/trace/synthetic.ts';

/**
 * The timeline's figures in the page (issue 5's budgets): a generated
 * trace of a million operations loaded through the `trace-file` input,
 * until it is ready to scrub; the page's frames while it loads; seeks to
 * random steps (from the call to the painted frame that shows the step);
 * the page's memory (measureUserAgentSpecificMemory: the page and its
 * worker, heap and buffers); playback at full speed (frame intervals and
 * strip draw times).
 */

/** One jump's time, in ms, phase by phase (they add up to the jump). */
export interface JumpPhases {
  /** The worker's seek (restore the nearest checkpoint, replay). */
  readonly work: number;
  /** From the call to the page starting to read the new heap: the worker's seek and the messages. */
  readonly toRead: number;
  /** The page reading the new heap (the picture). */
  readonly read: number;
  /** From the picture to the strip drawn: waiting for the frame, drawing. */
  readonly toDrawn: number;
  /** From the strip drawn to the frame painted: the step's numbers, layout, paint, raster. */
  readonly toPainted: number;
}

export interface TimelineFigures {
  readonly ops: number;
  readonly fileBytes: number;
  readonly loadMs: number;
  /** The longest gap between two frames of the page while it loaded. */
  readonly loadLongestFrameMs: number;
  /** Seek times with the Lululucator (no coalescing: hundreds of thousands of free nodes to draw) and with first-fit. */
  readonly seeks: number[];
  readonly firstFitSeeks: number[];
  /** Where each jump from an idle page went, Lululucator and first-fit. */
  readonly phases: JumpPhases[];
  readonly firstFitPhases: JumpPhases[];
  /** The same seeks back to back, as a scrub makes them. */
  readonly scrubSeeks: number[];
  /** For the Lululucator's jumps from an idle page: when the store's seek promise settled (the worker's reply, then a frame), ms. */
  readonly seekSettled: number[];
  readonly firstFitScrubSeeks: number[];
  readonly memoryBytes: number | null;
  readonly memoryNote: string;
  readonly playFrames: number[];
  readonly playDraws: number[];
  readonly playStepsPerSecond: number;
}

const SEEKS = 200;
const PLAY_MS = 3000;

/** Writes the `.rep` text of a synthetic trace of `ops` operations to a temporary file; its path and size. */
export async function writeSyntheticTrace(ops: number): Promise<{ path: string; bytes: number }> {
  const text = toRepText(syntheticTrace({ ops, seed: 1 }));
  const path = join(tmpdir(), `lululucator-synthetic-${ops}.rep`);
  await writeFile(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

export async function timelineFigures(page: Page, ops: number): Promise<TimelineFigures> {
  const file = await writeSyntheticTrace(ops);
  // Frames of the page while the worker reads and replays: the page must stay responsive.
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __watching: boolean };
    w.__frames = [];
    w.__watching = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__watching) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.getByTestId('trace-file').setInputFiles(file.path);
  await page.waitForFunction((n) => {
    const s = window.lulu!.services.store.getState();
    return s.length === n && s.loading === null && s.status === 'ready';
  }, ops, { timeout: 120_000, polling: 'raf' });
  const loadMs = Date.now() - t0;
  const loadLongestFrameMs = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __watching: boolean };
    w.__watching = false;
    return Math.max(...w.__frames.slice(1));
  });

  /**
   * Jumps to random steps, each from an idle page (a user's click on the
   * timeline or the chart): from the call to the painted frame that shows
   * both the strip drawn from the new heap and the new step number. With
   * `backToBack`, each seek starts as soon as the last one's frame is
   * painted (a scrub), paying for the lists the last one left to render.
   */
  const seekAround = (backToBack: boolean) => page.evaluate(
    async ({ n, total, backToBack }) => {
      const store = window.lulu!.services.store;
      const connection = window.lulu!.services.connection;
      const reader = connection.reader;
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heap-strip"]')!;
      const stepText = document.querySelector('[data-testid="step"]')!;
      const idle = () => new Promise<void>((r) => setTimeout(() => requestIdleCallback(() => r(), { timeout: 2000 }), 50));
      // Where a jump's time goes: the worker's seek, the page's reading of the new heap, the strip's draw.
      const marks = { work: NaN, readFrom: NaN, readTo: NaN, drawn: NaN };
      const call = connection.call;
      const refresh = reader.refresh;
      connection.call = (async (command: Parameters<typeof call>[0]) => {
        const reply = await call.call(connection, command);
        if ('workMs' in reply) marks.work = reply.workMs;
        return reply;
      }) as typeof call;
      reader.refresh = () => {
        const from = performance.now();
        const read = refresh.call(reader);
        if (read) [marks.readFrom, marks.readTo] = [from, performance.now()];
        return read;
      };
      const onDrawn = (e: Event) => {
        marks.drawn = (e as CustomEvent<{ at: number }>).detail.at;
      };
      canvas.addEventListener('strip-drawn', onDrawn);
      let seed = 4242;
      const random = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x7fffffff;
      };
      const times: number[] = [];
      const phases: JumpPhases[] = [];
      // When the store's seek settled: after the worker's reply and the frame after it (the playback's pacing).
      const settled: number[] = [];
      try {
        for (let i = 0; i < n; i++) {
          const step = Math.floor(random() * (total + 1));
          if (!backToBack) await idle();
          Object.assign(marks, { work: NaN, readFrom: NaN, readTo: NaN, drawn: NaN });
          const before = reader.latest()?.version;
          const stepShown = `${step.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
          const t = performance.now();
          // The jump ends with the first painted frame that shows the new heap on the strip (a version after the one
          // before the call, drawn) and the new step number. Watched without polling every frame (a page that asks
          // for every frame gets them on the vsync only, where an idle one gets the first at once): when the strip
          // draws (in a frame) or the step's text changes (before the next one), and both show, the frame is the
          // current one or the next; it is painted when a task queued from its animation frame runs.
          const shown = () => {
            const latest = reader.latest()?.version;
            return latest !== before && Number(canvas.dataset.drawnVersion) === latest && stepText.textContent === stepShown;
          };
          const framePainted = new Promise<number>((resolve, reject) => {
            let done = false;
            const end = () => {
              done = true;
              clearTimeout(timeout);
              canvas.removeEventListener('strip-drawn', onStripDrawn);
              textWatch.disconnect();
              setTimeout(() => resolve(performance.now()), 0);
            };
            const onStripDrawn = () => {
              if (!done && shown()) end();
            };
            const textWatch = new MutationObserver(() => {
              if (!done && shown()) requestAnimationFrame(end);
            });
            const timeout = setTimeout(() => reject(new Error(`step ${step} was not shown within 10 s`)), 10_000);
            canvas.addEventListener('strip-drawn', onStripDrawn);
            textWatch.observe(stepText, { characterData: true, childList: true, subtree: true });
          });
          let settledAt = NaN;
          const seeking = store.getState().seek(step).then(() => {
            settledAt = performance.now();
          });
          const end = await framePainted;
          await seeking;
          settled.push(settledAt - t);
          times.push(end - t);
          phases.push({ work: marks.work, toRead: marks.readFrom - t, read: marks.readTo - marks.readFrom, toDrawn: marks.drawn - marks.readTo, toPainted: end - marks.drawn });
          if (store.getState().step !== step) throw new Error(`seek to ${step} ended at ${store.getState().step}`);
        }
      } finally {
        connection.call = call;
        reader.refresh = refresh;
        canvas.removeEventListener('strip-drawn', onDrawn);
      }
      return { times, phases, settled };
    },
    { n: SEEKS, total: ops, backToBack },
  );
  const { times: seeks, phases, settled: seekSettled } = await seekAround(false);
  const { times: scrubSeeks } = await seekAround(true);

  const memory = await page.evaluate(async () => {
    const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
    if (!crossOriginIsolated || typeof measure !== 'function') return { bytes: null, note: 'measureUserAgentSpecificMemory is not available' };
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 90_000));
    const result = await Promise.race([measure.call(performance), timeout]);
    return result ? { bytes: result.bytes, note: 'page + worker, measureUserAgentSpecificMemory' } : { bytes: null, note: 'the memory measurement did not finish in 90 s' };
  });

  // The same trace with a coalescing strategy: few free blocks.
  await page.evaluate(() => window.lulu!.services.store.getState().setStrategy('first-fit'));
  await page.waitForFunction((n) => {
    const s = window.lulu!.services.store.getState();
    return s.strategy === 'first-fit' && s.length === n && s.loading === null;
  }, ops, { timeout: 120_000 });
  const { times: firstFitSeeks, phases: firstFitPhases } = await seekAround(false);
  const { times: firstFitScrubSeeks } = await seekAround(true);
  await page.evaluate(() => window.lulu!.services.store.getState().setStrategy('lululucator'));
  await page.waitForFunction((n) => {
    const s = window.lulu!.services.store.getState();
    return s.strategy === 'lululucator' && s.length === n && s.loading === null;
  }, ops, { timeout: 120_000 });

  const play = await page.evaluate(async (ms) => {
    const store = window.lulu!.services.store;
    const strip = window.lulu!.services.strip.current!;
    await store.getState().seek(0);
    store.getState().setSpeed(Infinity);
    strip.drawTimes.splice(0);
    const frames: number[] = [];
    const began = performance.now();
    store.getState().play();
    let last = began;
    while (performance.now() - began < ms && store.getState().playing) {
      await new Promise<void>((r) =>
        requestAnimationFrame((now) => {
          frames.push(now - last);
          last = now;
          r();
        }),
      );
    }
    const steps = store.getState().step;
    const elapsed = performance.now() - began;
    store.getState().pause();
    return { frames: frames.slice(1), draws: strip.drawTimes.slice(), stepsPerSecond: (steps / elapsed) * 1000 };
  }, PLAY_MS);

  return {
    ops,
    fileBytes: file.bytes,
    loadMs,
    loadLongestFrameMs,
    seeks,
    firstFitSeeks,
    phases,
    firstFitPhases,
    scrubSeeks,
    seekSettled,
    firstFitScrubSeeks,
    memoryBytes: memory.bytes,
    memoryNote: memory.note,
    playFrames: play.frames,
    playDraws: play.draws,
    playStepsPerSecond: play.stepsPerSecond,
  };
}
