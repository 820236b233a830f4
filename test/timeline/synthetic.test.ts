import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/core/replay.ts';
import { OpCode } from '../../src/core/trace/op-list.ts';
import { RepParser } from '../../src/core/trace/rep.ts';
import { syntheticTrace, toRepText } from '../../src/core/trace/synthetic.ts';

describe('the synthetic trace', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = syntheticTrace({ ops: 5000, seed: 42 });
    const b = syntheticTrace({ ops: 5000, seed: 42 });
    const c = syntheticTrace({ ops: 5000, seed: 43 });
    expect(toRepText(a)).toBe(toRepText(b));
    expect(toRepText(a)).not.toBe(toRepText(c));
  });

  it('frees and reallocs only live ids and gives every alloc a fresh id', () => {
    const trace = syntheticTrace({ ops: 50_000, live: 2000, seed: 1 });
    const state = new Uint8Array(trace.idCount);
    let nextId = 0;
    const wrong: string[] = [];
    for (let i = 0; i < trace.ops.length && wrong.length < 5; i++) {
      const id = trace.ops.id[i];
      const size = trace.ops.size[i];
      const kind = trace.ops.kind[i];
      if (kind === OpCode.Alloc) {
        if (id !== nextId++) wrong.push(`op ${i}: alloc of id ${id}, not a fresh one`);
        state[id] = 1;
      } else if (state[id] !== 1) {
        wrong.push(`op ${i}: ${kind === OpCode.Free ? 'free' : 'realloc'} of id ${id}, which is not live`);
      } else if (kind === OpCode.Free) {
        state[id] = 2;
      }
      if (kind !== OpCode.Free && !(Number.isInteger(size) && size >= 1 && size <= 1 << 20)) wrong.push(`op ${i}: size ${size}`);
    }
    expect(wrong).toEqual([]);
    expect(nextId).toBe(trace.idCount);
  });

  it('keeps the live count around the number asked, through its phases', () => {
    const trace = syntheticTrace({ ops: 200_000, live: 5000, seed: 2 });
    let live = 0;
    let most = 0;
    let reallocs = 0;
    for (let i = 0; i < trace.ops.length; i++) {
      const kind = trace.ops.kind[i];
      if (kind === OpCode.Alloc) live++;
      else if (kind === OpCode.Free) live--;
      else reallocs++;
      most = Math.max(most, live);
    }
    expect(most).toBeGreaterThan(3000);
    expect(most).toBeLessThan(8000);
    expect(reallocs / trace.ops.length).toBeCloseTo(0.03, 2);
  });

  it('replays cleanly and reads back from its .rep text', () => {
    const trace = syntheticTrace({ ops: 3000, live: 100, seed: 3 });
    const outcome = replayTrace(trace, { strategy: 'lululucator', heapSize: trace.suggestedHeap!, check: true });
    expect(outcome.broken).toBeNull();
    expect(outcome.metrics.failed).toBe(0);
    const parser = new RepParser('synthetic.rep');
    const lines = toRepText(trace).split('\n');
    lines.forEach((line, i) => parser.line(line, i + 1));
    const back = parser.finish(lines.length);
    expect(back.ops.length).toBe(3000);
    expect(Array.from(back.ops.size.subarray(0, 3000))).toEqual(Array.from(trace.ops.size.subarray(0, 3000)));
    expect(Array.from(back.ops.line.subarray(0, 3000))).toEqual(Array.from(trace.ops.line.subarray(0, 3000)));
  });
});
