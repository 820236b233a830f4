import { HeapDriver } from '../../src/core/driver.ts';
import type { StrategyName } from '../../src/core/strategy.ts';
import { readPicture, type HeapPicture, type PictureOptions } from '../../src/ui/heap/heap-picture.ts';

/** The picture the page would read of a driver's heap. */
export function pictureOf(driver: HeapDriver, version = 0, current?: () => boolean, options?: PictureOptions): HeapPicture {
  return readPicture(driver.strategy, driver.live, driver.memory, version, 0, current, options);
}

/** A driver after `allocs` allocations of `size` bytes with every `freeEvery`-th one freed. */
export function busyHeap(strategy: StrategyName, heapSize: number, allocs: number, size: number, freeEvery = 0): HeapDriver {
  const driver = new HeapDriver({ strategy, heapSize, events: false });
  for (let id = 0; id < allocs; id++) driver.allocFast(id, size);
  if (freeEvery > 0) for (let id = 0; id < allocs; id += freeEvery) driver.freeFast(id);
  return driver;
}
