import fc from 'fast-check';
import { expect } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import type { StrategyName } from '../../src/core/strategy.ts';

/** One step of a random program: alloc a size, free the k-th live block, realloc the k-th live block. */
export type ChaosStep = { op: 'alloc'; size: number } | { op: 'free'; pick: number } | { op: 'realloc'; pick: number; size: number };

export interface ChaosOptions {
  readonly strategy: StrategyName;
  /** Small heaps make out-of-memory and reuse frequent. */
  readonly heapSize: number;
  readonly maxSize?: number;
  readonly runs?: number;
  /**
   * For strategies that coalesce: after everything is freed, the largest
   * request that must succeed in one block (the whole heap less metadata).
   */
  readonly wholeHeapRequest?: number;
}

export function chaosSteps(maxSize: number): fc.Arbitrary<ChaosStep[]> {
  const size = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: maxSize }));
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('alloc' as const), size }) },
      { weight: 4, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), size }) },
    ),
    { maxLength: 120 },
  );
}

/**
 * Runs `steps` on a fresh heap with the checker after each operation, then
 * frees every live block and checks again; the first failure throws.
 */
export function runChaos(steps: readonly ChaosStep[], options: ChaosOptions): HeapDriver {
  const driver = new HeapDriver({ strategy: options.strategy, heapSize: options.heapSize, events: true });
  const live: number[] = [];
  let nextId = 0;
  const checkAfter = (what: string) => {
    const broken = driver.check();
    if (broken !== null) throw new Error(`after ${what}: ${broken}`);
  };
  for (const step of steps) {
    if (step.op === 'alloc') {
      const id = nextId++;
      const before = snapshot(driver);
      const r = driver.alloc(id, step.size);
      if (r.ok) live.push(id);
      else expect(snapshot(driver), 'a failed alloc changes nothing').toEqual(before);
      checkAfter(`alloc ${step.size}`);
    } else if (live.length > 0) {
      const k = step.pick % live.length;
      const id = live[k];
      if (step.op === 'free') {
        const r = driver.free(id);
        expect(r.ok).toBe(true);
        live.splice(k, 1);
        checkAfter(`free #${id}`);
      } else {
        const before = snapshot(driver);
        const r = driver.realloc(id, step.size);
        if (!r.ok) expect(snapshot(driver), 'a failed realloc changes nothing').toEqual(before);
        checkAfter(`realloc #${id} to ${step.size}`);
      }
    }
  }
  for (const id of live) {
    expect(driver.free(id).ok).toBe(true);
    checkAfter(`final free #${id}`);
  }
  expect(driver.live.liveCount).toBe(0);
  if (options.wholeHeapRequest !== undefined) {
    const r = driver.alloc(nextId, options.wholeHeapRequest);
    if (!r.ok) throw new Error(`after freeing everything, ${options.wholeHeapRequest} bytes in one block failed: ${JSON.stringify(r.error)}`);
    checkAfter('the whole-heap alloc');
  }
  return driver;
}

/** Everything a failed operation must leave as it was: heap bytes, registers, live table. */
function snapshot(driver: HeapDriver) {
  return {
    heap: Buffer.from(driver.memory.bytes).toString('base64'),
    regs: Array.from(driver.memory.regs),
    live: driver.live.liveCount,
    payload: driver.live.payloadBytes,
  };
}

/** The property: random programs never break an invariant. */
export function checkChaosProperty(options: ChaosOptions): void {
  fc.assert(
    fc.property(chaosSteps(options.maxSize ?? 512), (steps) => {
      runChaos(steps, options);
    }),
    { numRuns: options.runs ?? 200 },
  );
}
