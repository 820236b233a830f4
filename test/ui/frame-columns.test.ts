import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockLayout } from '../../src/core/block-layout.ts';
import { MIN_DETAIL_PX } from '../../src/ui/strip/render-strip.ts';
import { RowContents } from '../../src/ui/strip/row-contents.ts';
import { frameColumns, type FramePlan, type LiveRecords } from '../../src/ui/strip/frame-columns.ts';
import type { RowSpan } from '../../src/ui/strip/strip-geometry.ts';

interface Heap {
  /** Every block, in address order, tiling [0, end). */
  readonly layout: BlockLayout;
  readonly end: number;
  /** The live blocks in no particular order, as the live table's dense list holds them. */
  readonly live: LiveRecords;
}

/** Blocks of whole bytes, narrow ones mostly and a wide one now and then, each live or free, tiling the heap from 0; the live ones listed shuffled. */
const heaps = fc
  .array(fc.record({ span: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 3000 })), live: fc.boolean(), requested: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 300 })
  .chain((blocks) => fc.tuple(fc.constant(blocks), fc.shuffledSubarray(blocks.map((_, i) => i), { minLength: blocks.length, maxLength: blocks.length })))
  .map(([blocks, shuffled]): Heap => {
    const n = blocks.length;
    const layout = { count: n, start: new Float64Array(n), span: new Float64Array(n), id: new Int32Array(n), list: new Int32Array(n) };
    let at = 0;
    blocks.forEach((b, k) => {
      layout.start[k] = at;
      layout.span[k] = b.span * 8;
      layout.id[k] = b.live ? k : -1;
      layout.list[k] = b.live ? -1 : 0;
      at += b.span * 8;
    });
    const liveOrder = shuffled.filter((k) => blocks[k].live);
    const records = new Int32Array(4 * liveOrder.length);
    liveOrder.forEach((k, j) => records.set([k, layout.start[k], layout.span[k], Math.floor(blocks[k].requested * layout.span[k])], 4 * j));
    return { layout, end: at, live: { records, count: liveOrder.length, stride: 4, header: 0 } };
  });

/** A view of `rows` rows `width` pixels wide over the heap, scrolled and zoomed. */
function planOf(heapEnd: number, rows: number, width: number, zoom: number, scrollShare: number): FramePlan {
  const heapSize = heapEnd + 100;
  const perRow = heapSize / (rows * zoom);
  const scroll = scrollShare * Math.max(0, heapSize - perRow * rows);
  const spans: RowSpan[] = [];
  for (let r = 0; r < rows; r++) {
    const from = scroll + r * perRow;
    if (from >= heapSize) break;
    spans.push({ row: r, from, to: Math.min(heapSize, from + perRow), barY: 0 });
  }
  const bpp = perRow / width;
  return { rows: spans, bpp, width, minSpan: Math.ceil(MIN_DETAIL_PX * bpp) };
}

/** The free blocks of at least `from` bytes, by start, as the worker lists them. */
function wideFree(layout: BlockLayout, from: number) {
  const pairs: number[] = [];
  for (let k = 0; k < layout.count; k++) if (layout.id[k] < 0 && layout.span[k] >= from) pairs.push(layout.start[k], layout.span[k]);
  return { from, count: pairs.length / 2, pairs: Int32Array.from(pairs) };
}

const views = fc.record({ rows: fc.integer({ min: 1, max: 5 }), width: fc.integer({ min: 20, max: 400 }), zoom: fc.double({ min: 1, max: 6, noNaN: true }), scroll: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('the strip first frame read as bytes a pixel column', () => {
  it('from the wide free blocks alone, holds, row by row, the blocks drawn on their own and the bytes of each column that the whole layout gives, to within 1/512 of a byte a block', () => {
    fc.assert(
      fc.property(heaps, views, (heap, view) => {
        const plan = planOf(heap.end, view.rows, view.width, view.zoom, view.scroll);
        const frame = frameColumns(plan, heap.live, { wide: wideFree(heap.layout, plan.minSpan) }, heap.end);
        expect(frame).not.toBeNull();
        const whole = new RowContents();
        const first = new RowContents();
        // Each part of a block in a column is rounded to 1/256 of a byte; free bytes left over are rounded once.
        const tolerance = (heap.layout.count + 1) / 512;
        plan.rows.forEach((row, r) => {
          whole.fillRow(heap.layout, row.from, row.to, plan.bpp, plan.width, MIN_DETAIL_PX);
          first.fillRow(frame!.detailed, row.from, row.to, plan.bpp, plan.width, MIN_DETAIL_PX);
          first.addColumns(frame!.rows[r]);
          const detailedStarts = (c: RowContents, layout: BlockLayout) => Array.from(c.detailed.subarray(0, c.detailedCount), (k) => layout.start[k]);
          expect(detailedStarts(first, frame!.detailed)).toEqual(detailedStarts(whole, heap.layout));
          for (let c = 0; c < Math.ceil(plan.width); c++) {
            const inWhole = c >= whole.firstColumn && c <= whole.lastColumn;
            const inFirst = c >= first.firstColumn && c <= first.lastColumn;
            expect(Math.abs((inFirst ? first.allocated[c] : 0) - (inWhole ? whole.allocated[c] : 0))).toBeLessThanOrEqual(tolerance);
            expect(Math.abs((inFirst ? first.free[c] : 0) - (inWhole ? whole.free[c] : 0))).toBeLessThanOrEqual(tolerance);
          }
        });
      }),
    );
  });

  it('from a walk of every free block, in several lists and with bytes in no block between blocks, holds exactly what the whole layout gives', () => {
    fc.assert(
      fc.property(heaps, views, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 300, maxLength: 300 }), (heap, view, marks) => {
        // Some free blocks are no block at all (headers, alignment, a prologue: bytes no list holds); the others in lists 0 to 2, walked in no order.
        const { layout } = heap;
        const kept = Array.from({ length: layout.count }, (_, k) => k).filter((k) => layout.id[k] >= 0 || marks[k] !== 3);
        const whole = { count: kept.length, start: Float64Array.from(kept, (k) => layout.start[k]), span: Float64Array.from(kept, (k) => layout.span[k]), id: Int32Array.from(kept, (k) => layout.id[k]), list: Int32Array.from(kept, (k) => (layout.id[k] >= 0 ? -1 : marks[k])) };
        const freeRows = kept.map((_, i) => i).filter((i) => whole.id[i] < 0).reverse();
        const walk = { count: freeRows.length, start: Float64Array.from(freeRows, (i) => whole.start[i]), span: Float64Array.from(freeRows, (i) => whole.span[i]), list: Int32Array.from(freeRows, (i) => whole.list[i]) };
        const plan = planOf(heap.end, view.rows, view.width, view.zoom, view.scroll);
        const frame = frameColumns(plan, heap.live, { walk }, heap.end);
        expect(frame).not.toBeNull();
        const expected = new RowContents();
        const first = new RowContents();
        plan.rows.forEach((row, r) => {
          expected.fillRow(whole, row.from, row.to, plan.bpp, plan.width, MIN_DETAIL_PX);
          first.fillRow(frame!.detailed, row.from, row.to, plan.bpp, plan.width, MIN_DETAIL_PX);
          first.addColumns(frame!.rows[r]);
          const detailed = (c: RowContents, l: BlockLayout) => Array.from(c.detailed.subarray(0, c.detailedCount), (k) => [l.start[k], l.id[k], l.list[k]]);
          expect(detailed(first, frame!.detailed)).toEqual(detailed(expected, whole));
          // Bit for bit: the same parts of the same blocks, summed exactly whatever their order.
          for (let c = 0; c < Math.ceil(plan.width); c++) {
            const at = (x: RowContents, column: Float64Array) => (c >= x.firstColumn && c <= x.lastColumn ? column[c] : 0);
            expect(at(first, first.allocated)).toBe(at(expected, expected.allocated));
            expect(at(first, first.free)).toBe(at(expected, expected.free));
          }
        });
      }),
    );
  });

  it('lists the detailed blocks in address order with their ids and requested bytes', () => {
    fc.assert(
      fc.property(heaps, views, (heap, view) => {
        const plan = planOf(heap.end, view.rows, view.width, view.zoom, view.scroll);
        const frame = frameColumns(plan, heap.live, { wide: wideFree(heap.layout, plan.minSpan) }, heap.end)!;
        const { layout } = heap;
        const expected = [];
        for (let k = 0; k < layout.count; k++) if (layout.span[k] >= plan.minSpan) expected.push([layout.start[k], layout.span[k], layout.id[k], layout.list[k]]);
        const got = Array.from({ length: frame.detailed.count }, (_, k) => [frame.detailed.start[k], frame.detailed.span[k], frame.detailed.id[k], frame.detailed.list[k]]);
        expect(got).toEqual(expected);
        for (let k = 0; k < frame.detailed.count; k++) {
          const id = frame.detailed.id[k];
          const record = Array.from({ length: heap.live.count }, (_, j) => j).find((j) => heap.live.records[4 * j] === id);
          expect(frame.requested[k]).toBe(id < 0 ? 0 : heap.live.records[4 * record! + 3]);
        }
      }),
    );
  });

  it('is not read when the wide free blocks were listed for another span, or when a block lies past the end (a torn read)', () => {
    const layout = { count: 3, start: Float64Array.of(0, 40, 48), span: Float64Array.of(40, 8, 4000), id: Int32Array.of(0, 1, -1), list: Int32Array.of(-1, -1, 0) };
    const live = { records: Int32Array.of(0, 0, 40, 30, 1, 40, 8, 5), count: 2, stride: 4, header: 0 };
    const plan = planOf(4048, 1, 100, 1, 0);
    expect(frameColumns(plan, live, { wide: wideFree(layout, plan.minSpan) }, 4048)).not.toBeNull();
    expect(frameColumns(plan, live, { wide: wideFree(layout, plan.minSpan + 1) }, 4048)).toBeNull();
    expect(frameColumns(plan, live, { wide: wideFree(layout, plan.minSpan) }, 44)).toBeNull();
  });
});
