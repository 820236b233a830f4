import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../src/core/block-layout.ts';
import { HeapDriver } from '../../src/core/driver.ts';
import { layoutByGaps, MERGED_GAP } from '../../src/core/gap-layout.ts';
import { NODE_ADDR } from '../../src/core/strategies/lululucator.ts';

/** A Lululucator heap after a random script of allocs and frees. */
function scripted(script: number[]): HeapDriver {
  const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 1 << 16, events: false });
  const live: number[] = [];
  script.forEach((x, i) => {
    if (live.length > 0 && x % 3 === 0) driver.free(live.splice(x % live.length, 1)[0]);
    else if (driver.alloc(i, 1 + x).ok) live.push(i);
  });
  return driver;
}

describe('the layout read from the gaps between live blocks', () => {
  it('is the same layout as a walk of the free list and a sort, block for block', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(400), { maxLength: 300 }), (script) => {
        const driver = scripted(script);
        const byGaps = layoutByGaps(driver.strategy, driver.live)!;
        const byWalk = collectBlocks(driver.strategy, driver.live);
        expect(byGaps).not.toBeNull();
        expect(byGaps.count).toBe(byWalk.count);
        expect(Array.from(byGaps.start)).toEqual(Array.from(byWalk.start));
        expect(Array.from(byGaps.span)).toEqual(Array.from(byWalk.span));
        expect(Array.from(byGaps.id)).toEqual(Array.from(byWalk.id));
        expect(Array.from(byGaps.list)).toEqual(Array.from(byWalk.list));
      }),
      { numRuns: 100 },
    );
  });

  it('with merging, is the same layout with each gap narrower than the bound as one block, and in a wider gap each run of blocks narrower than it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(400), { maxLength: 300 }), fc.integer({ min: 1, max: 3000 }), (script, mergeBelow) => {
        const driver = scripted(script);
        const merged = layoutByGaps(driver.strategy, driver.live, mergeBelow)!;
        const exact = layoutByGaps(driver.strategy, driver.live)!;
        // Expected: the exact layout with each maximal run of free blocks narrower than the bound in all made one block.
        const expected: [number, number, number, number][] = [];
        for (let k = 0; k < exact.count; ) {
          if (exact.id[k] >= 0) {
            expected.push([exact.start[k], exact.span[k], exact.id[k], -1]);
            k++;
            continue;
          }
          let e = k;
          while (e < exact.count && exact.id[e] < 0) e++;
          const from = exact.start[k];
          const to = exact.start[e - 1] + exact.span[e - 1];
          if (to - from < mergeBelow) expected.push([from, to - from, -1, MERGED_GAP]);
          else {
            // Wide blocks stay; each run of narrow ones is one block when there are two or more.
            for (let j = k; j < e; ) {
              if (exact.span[j] >= mergeBelow) {
                expected.push([exact.start[j], exact.span[j], -1, 0]);
                j++;
                continue;
              }
              let r = j;
              while (r < e && exact.span[r] < mergeBelow) r++;
              if (r - j === 1) expected.push([exact.start[j], exact.span[j], -1, 0]);
              else expected.push([exact.start[j], exact.start[r - 1] + exact.span[r - 1] - exact.start[j], -1, MERGED_GAP]);
              j = r;
            }
          }
          k = e;
        }
        const got = Array.from({ length: merged.count }, (_, k) => [merged.start[k], merged.span[k], merged.id[k], merged.list[k]]);
        expect(got).toEqual(expected);
        expect(merged.mergedBelow).toBe(expected.some((b) => b[3] === MERGED_GAP) ? mergeBelow : 0);
        expect(Array.from(merged.liveRows).map((k) => merged.id[k])).toEqual(Array.from(exact.liveRows).map((k) => exact.id[k]));
      }),
      { numRuns: 100 },
    );
  });

  it('given the wide free blocks the strategy\'s index lists, is each gap\'s wide blocks with the runs between them as one block each, reading none', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(400), { maxLength: 300 }), fc.integer({ min: 1, max: 3000 }), (script, from) => {
        const driver = scripted(script);
        const into = new Int32Array(2 * (driver.strategy.freeBlockCount() + 1));
        const count = driver.strategy.freeBlocksAtLeast!(from, into, driver.strategy.freeBlockCount());
        expect(count).toBeGreaterThanOrEqual(0);
        const order = Array.from({ length: count }, (_, j) => j).sort((a, b) => into[2 * a] - into[2 * b]);
        const pairs = new Int32Array(order.flatMap((j) => [into[2 * j], into[2 * j + 1]]));
        const merged = layoutByGaps(driver.strategy, driver.live, from + 5, { from, count, pairs })!;
        const exact = layoutByGaps(driver.strategy, driver.live)!;
        const expected: [number, number, number, number][] = [];
        let run: [number, number] | null = null;
        const flush = () => {
          if (run) expected.push([run[0], run[1] - run[0], -1, MERGED_GAP]);
          run = null;
        };
        for (let k = 0; k < exact.count; k++) {
          const [start, span, id] = [exact.start[k], exact.span[k], exact.id[k]];
          if (id < 0 && span < from) {
            run = run ? [run[0], start + span] : [start, start + span];
            continue;
          }
          flush();
          expected.push([start, span, id, id < 0 ? 0 : -1]);
        }
        flush();
        const got = Array.from({ length: merged.count }, (_, k) => [merged.start[k], merged.span[k], merged.id[k], merged.list[k]]);
        expect(got).toEqual(expected);
        expect(merged.mergedBelow).toBe(expected.some((b) => b[3] === MERGED_GAP) ? from : 0);
      }),
      { numRuns: 100 },
    );
  });

  it('gives up (null) when a gap does not decompose into the nodes the registers count, as in a torn read', () => {
    const driver = scripted([10, 20, 30, 40, 50, 3, 6]);
    expect(driver.strategy.freeBlockCount()).toBeGreaterThan(0);
    const layout = layoutByGaps(driver.strategy, driver.live)!;
    const k = Array.from(layout.id).indexOf(-1);
    driver.memory.u32[(layout.start[k] + NODE_ADDR) >>> 2] = 1;
    expect(layoutByGaps(driver.strategy, driver.live)).toBeNull();
  });

  it('is not offered by a strategy whose free blocks do not carry their own span (first-fit walks its list)', () => {
    const driver = new HeapDriver({ strategy: 'first-fit', heapSize: 1 << 12, events: false });
    driver.alloc(0, 100);
    expect(layoutByGaps(driver.strategy, driver.live)).toBeNull();
  });
});
