import { blockIndexAt } from '../heap/find-block.ts';
import type { HeapPicture } from '../heap/heap-picture.ts';
import { bytesPerPx, offsetAt, type StripGeometry, type StripView } from './strip-geometry.ts';

/** What is under a point of the strip. */
export interface StripHit {
  /** The heap offset under the point (whole bytes). */
  readonly offset: number;
  /** The block there, or -1 (a gap, or memory never handed out). */
  readonly block: number;
  /** Blocks that share the pixel column (more than 1 when they are narrower than a pixel). */
  readonly blocksInPixel: number;
}

/**
 * The block under point (x, y), in CSS pixels from the canvas's corner; null
 * off the bars. When several blocks share the pixel, the one at the pixel's
 * middle byte. O(log b).
 */
export function hitTest(picture: HeapPicture | null, view: StripView, geometry: StripGeometry, heapSize: number, x: number, y: number): StripHit | null {
  const column = Math.floor(x - geometry.left) + geometry.left;
  const from = offsetAt(column, y, view, geometry, heapSize);
  if (from === null) return null;
  const bpp = bytesPerPx(view, geometry, heapSize);
  const middle = Math.min(heapSize - 1, Math.floor(from + bpp / 2));
  const offset = bpp >= 1 ? middle : Math.floor(offsetAt(x, y, view, geometry, heapSize) ?? from);
  if (!picture) return { offset, block: -1, blocksInPixel: 0 };
  const block = blockIndexAt(picture.blocks, offset);
  let blocksInPixel = block >= 0 ? 1 : 0;
  if (bpp > 1) {
    const first = blockIndexAt(picture.blocks, from);
    const last = blockIndexAt(picture.blocks, Math.min(heapSize - 1, from + bpp - 1));
    if (first >= 0 && last >= 0) blocksInPixel = last - first + 1;
  }
  return { offset, block, blocksInPixel };
}
