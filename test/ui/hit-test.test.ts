import { describe, expect, it } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { hitTest } from '../../src/ui/strip/hit-test.ts';
import { fitGeometry, pointOf } from '../../src/ui/strip/strip-geometry.ts';
import { busyHeap, pictureOf } from '../support/picture.ts';

const geometry = fitGeometry(1024, 300);

describe('hit testing the strip', () => {
  const driver = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
  driver.alloc(0, 100);
  driver.alloc(1, 200);
  driver.alloc(2, 50);
  driver.free(1);
  const picture = pictureOf(driver);
  const view = { zoom: 1, scroll: 0 };
  const at = (offset: number) => {
    const p = pointOf(offset, view, geometry, 4096);
    return hitTest(picture, view, geometry, 4096, p.x, p.barY + 10);
  };

  it('finds the block under a point of its bar, free or allocated', () => {
    expect(at(10)?.block).toBe(0);
    expect(at(150)?.block).toBe(1);
    expect(picture.blocks.id[at(150)!.block]).toBe(-1);
    expect(at(310)?.block).toBe(2);
  });

  it('finds no block past the bump pointer, but still the offset', () => {
    const hit = at(1000);
    expect(hit?.block).toBe(-1);
    expect(hit?.offset).toBeGreaterThanOrEqual(999);
    expect(hit?.offset).toBeLessThanOrEqual(1001);
  });

  it('finds nothing off the bars', () => {
    expect(hitTest(picture, view, geometry, 4096, 200, 2)).toBeNull();
  });

  it('says how many blocks share the pixel when they are narrower than one', () => {
    const small = busyHeap('lululucator', 1 << 20, 20_000, 8);
    const p = pictureOf(small);
    const hit = hitTest(p, view, geometry, 1 << 20, geometry.left + 3.5, geometry.top + geometry.barTop + 10);
    expect(hit!.block).toBeGreaterThanOrEqual(0);
    // 256 bytes a pixel, 24-byte blocks: 10 or 11 blocks share it.
    expect(hit!.blocksInPixel).toBeGreaterThanOrEqual(10);
  });
});
