import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { FIXTURES, readFixture } from './support.ts';

/**
 * A real recording: `valgrind --trace-malloc=yes --log-file=python3-dict.vg
 * /usr/bin/python3 -S -c "d = {str(i): [i] * i for i in range(300)}; ..."`
 * (made with `npm run -s cli -- record`). Its figures are computed here a
 * second way, straight from the text with the few forms it holds, and
 * compared with the replay's and with valgrind's own summary.
 */
const FILE = 'recorded/python3-dict.vg';
const MiB = 1024 * 1024;

interface Independent {
  readonly peak: number;
  readonly live: number;
  readonly blocks: number;
  readonly inUseSaid: number;
  readonly blocksSaid: number;
}

/** Requested bytes live at the worst moment and at exit, by a reader that knows only this file's forms. */
function independently(text: string): Independent {
  const live = new Map<string, number>();
  let sum = 0;
  let peak = 0;
  let inUseSaid = NaN;
  let blocksSaid = NaN;
  const take = (addr: string, n: number) => {
    if (live.has(addr)) throw new Error(`${addr} allocated twice`);
    live.set(addr, n);
    sum += n;
    peak = Math.max(peak, sum);
  };
  const give = (addr: string) => {
    const n = live.get(addr);
    if (n === undefined) throw new Error(`free of ${addr}, never allocated`);
    live.delete(addr);
    sum -= n;
  };
  for (const line of text.split('\n')) {
    const summary = /in use at exit: ([\d,]+) bytes in ([\d,]+) blocks/.exec(line);
    if (summary) {
      inUseSaid = Number(summary[1].replace(/,/g, ''));
      blocksSaid = Number(summary[2].replace(/,/g, ''));
    }
    const call = /^--\d+-- (.*)$/.exec(line);
    if (!call) continue;
    const body = call[1];
    let m: RegExpExecArray | null;
    if ((m = /^malloc\((\d+)\) = (0x[0-9A-F]+)$/.exec(body))) take(m[2], Number(m[1]));
    else if ((m = /^calloc\((\d+),(\d+)\) = (0x[0-9A-F]+)$/.exec(body))) take(m[3], Number(m[1]) * Number(m[2]));
    else if ((m = /^realloc\(0x0,(\d+)\)malloc\(\d+\) = (0x[0-9A-F]+)$/.exec(body))) take(m[2], Number(m[1]));
    else if ((m = /^realloc\((0x[0-9A-F]+),(\d+)\) = (0x[0-9A-F]+)$/.exec(body))) {
      give(m[1]);
      take(m[3], Number(m[2]));
    } else if ((m = /^free\((0x[0-9A-F]+)\)$/.exec(body))) {
      if (m[1] !== '0x0') give(m[1]);
    } else throw new Error(`a form this check does not know: ${line}`);
  }
  return { peak, live: sum, blocks: live.size, inUseSaid, blocksSaid };
}

describe('a valgrind recording of python3', () => {
  const text = readFileSync(join(FIXTURES, FILE), 'utf8');
  const expected = independently(text);

  it('is a real run with a leak summary', () => {
    expect(expected.inUseSaid).toBe(393984);
    expect(expected.blocksSaid).toBe(3);
    expect(expected.peak).toBeGreaterThan(1_000_000);
  });

  it('replays to a peak payload equal to the bytes requested and live at the worst moment', () => {
    const trace = readFixture(FILE);
    expect(trace.warnings).toEqual([]);
    const { metrics } = replayTrace(trace, { strategy: 'lululucator', heapSize: 64 * MiB });
    expect(metrics.failed).toBe(0);
    expect(metrics.peakPayload).toBe(expected.peak);
    expect(trace.suggestedHeap).toBe(Math.ceil((expected.peak * 4) / MiB) * MiB);
  });

  it("leaves live at exit exactly valgrind's 'in use at exit' bytes and blocks", () => {
    const { metrics } = replayTrace(readFixture(FILE), { strategy: 'lululucator', heapSize: 64 * MiB });
    expect(expected.live).toBe(expected.inUseSaid);
    expect(metrics.payload).toBe(expected.inUseSaid);
    expect(metrics.liveBlocks).toBe(expected.blocksSaid);
  });

  it('gives the same figures through `npm run -s cli -- replay --json`', () => {
    const run = spawnSync(process.execPath, [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/main.ts', 'replay', join(FIXTURES, FILE), '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as { format: string; peakPayload: number; payloadAtExit: number; liveBlocksAtExit: number };
    expect(summary.format).toBe('valgrind');
    expect(summary.peakPayload).toBe(expected.peak);
    expect(summary.payloadAtExit).toBe(expected.inUseSaid);
    expect(summary.liveBlocksAtExit).toBe(expected.blocksSaid);
  });
});
