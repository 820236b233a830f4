import { describe, expect, it } from 'vitest';
import type { Strategy } from '../../src/core/strategy.ts';
import { EAGER_FREE_NODES } from '../../src/ui/heap/heap-picture.ts';
import { pictureOf, busyHeap } from '../support/picture.ts';

/** The strategy of a picture, counting the nodes its walks visit. */
function counted(strategy: Strategy): { visits: () => number } {
  let visits = 0;
  const walk = strategy.walkFreeLists.bind(strategy);
  strategy.walkFreeLists = (visit) => walk((l, s, n) => {
    visits++;
    return visit(l, s, n);
  });
  return { visits: () => visits };
}

describe("a picture's free lists, walked as far as someone looks", () => {
  it('walks only the first nodes of a long Lululucator list when only they are asked for, and walks again no more than once per doubling', () => {
    const driver = busyHeap('lululucator', 1 << 20, 4000, 24, 2);
    const picture = pictureOf(driver);
    const probe = counted(driver.strategy);
    expect(picture.free.total).toBe(2000);
    // The picture walked the head already.
    const first = picture.free.prefix(10)!;
    expect(first[0].length).toBe(2000);
    expect(first[0].start.length).toBe(EAGER_FREE_NODES);
    expect(probe.visits()).toBe(0);
    picture.free.prefix(EAGER_FREE_NODES + 1);
    expect(probe.visits()).toBe(2 * EAGER_FREE_NODES);
    picture.free.prefix(2 * EAGER_FREE_NODES);
    expect(probe.visits()).toBe(2 * EAGER_FREE_NODES);
    picture.free.prefix(2 * EAGER_FREE_NODES + 1);
    expect(probe.visits()).toBe(6 * EAGER_FREE_NODES);
  });

  it('gives the same nodes, head first, as a whole walk of the list', () => {
    const driver = busyHeap('lululucator', 1 << 20, 600, 40, 3);
    const picture = pictureOf(driver);
    const walked: number[] = [];
    driver.strategy.walkFreeLists((_l, start) => {
      walked.push(start);
    });
    expect(Array.from(picture.free.prefix(7)![0].start.slice(0, 7))).toEqual(walked.slice(0, 7));
    expect(Array.from(picture.free.all()![0].start)).toEqual(walked);
    expect(picture.free.placeOf(0, walked[5])).toEqual({ rank: 5, next: walked[6] });
    expect(picture.free.placeOf(0, walked[walked.length - 1])).toEqual({ rank: walked.length - 1, next: -1 });
  });

  it('refuses to walk further (null) once the heap has moved past the picture, instead of mixing two heaps, but keeps the head it walked', () => {
    const driver = busyHeap('lululucator', 1 << 20, 3000, 40, 3);
    let current = true;
    const picture = pictureOf(driver, 0, () => current);
    current = false;
    expect(picture.free.prefix(10)![0].start.length).toBe(EAGER_FREE_NODES);
    expect(picture.free.prefix(EAGER_FREE_NODES + 1)).toBeNull();
    expect(picture.free.placeOf(0, 0)).toBeNull();
  });
});
