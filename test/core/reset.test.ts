import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { applyFast } from '../../src/core/replay.ts';
import { STRATEGY_NAMES } from '../../src/core/strategy.ts';
import { syntheticTrace } from '../../src/core/trace/synthetic.ts';

describe('a reset heap', () => {
  const trace = syntheticTrace({ ops: 4000, seed: 7, live: 300 });
  for (const strategy of STRATEGY_NAMES) {
    it(`${strategy} replays a trace on a reset, dirty heap exactly as on a fresh one`, () => {
      const run = (d: HeapDriver) => {
        const out = new Float64Array(trace.ops.length);
        for (let i = 0; i < trace.ops.length; i++) out[i] = applyFast(d, trace.ops, i);
        return { offsets: Array.from(out), metrics: d.metrics(), check: d.check() };
      };
      const fresh = run(new HeapDriver({ strategy, heapSize: 1 << 20, events: false }));
      const reused = new HeapDriver({ strategy, heapSize: 1 << 20, events: false });
      run(reused);
      reused.memory.bytes.fill(0xa5);
      reused.reset();
      expect(run(reused)).toEqual(fresh);
      expect(fresh.check).toBeNull();
    });
  }
});
