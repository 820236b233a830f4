import { describe, expect, it, vi } from 'vitest';
import { HeapReader } from '../../src/ui/heap/heap-reader.ts';
import type { FramePlan } from '../../src/ui/strip/frame-columns.ts';
import { HeapClient } from '../../src/worker/heap-client.ts';
import { InProcessWorker } from '../support/in-process-worker.ts';

async function readerOver(shared: boolean) {
  const worker = new InProcessWorker(shared);
  const reader = new HeapReader();
  const client = new HeapClient(worker, { onMemory: (v) => reader.attach(v), onDeath: () => undefined });
  await client.call({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
  return { worker, reader, client };
}

/** Waits until the reader has read version `v` (the shared mode wakes on Atomics.waitAsync). */
async function until(reader: HeapReader, v: number) {
  await vi.waitFor(() => expect(reader.current()?.version ?? -1).toBeGreaterThanOrEqual(v));
  return reader.current()!;
}

describe('the heap reader (the page reading the worker heap)', () => {
  for (const shared of [true, false]) {
    it(`${shared ? 'through shared memory' : 'through snapshots'}, sees every block in address order and the LIFO free list head first`, async () => {
      const { reader, client } = await readerOver(shared);
      await client.call({ kind: 'alloc', id: 0, size: 100 });
      await client.call({ kind: 'alloc', id: 1, size: 40 });
      await client.call({ kind: 'alloc', id: 2, size: 24 });
      await client.call({ kind: 'free', id: 0 });
      const last = await client.call({ kind: 'free', id: 2 });
      const p = await until(reader, last.version);
      expect(Array.from(p.blocks.start)).toEqual([0, 104, 144]);
      expect(Array.from(p.blocks.id)).toEqual([-1, 1, -1]);
      expect(Array.from(p.free.all()![0].start)).toEqual([144, 0]);
      expect(p.free.placeOf(0, 144)).toEqual({ rank: 0, next: 0 });
      expect(p.free.placeOf(0, 0)).toEqual({ rank: 1, next: -1 });
      expect(p.bump).toBe(168);
      expect(p.requested[1]).toBe(40);
    });
  }

  it('calls its listeners once per new version, not when nothing changed', async () => {
    const { reader, client } = await readerOver(true);
    let calls = 0;
    reader.subscribe(() => calls++);
    const r = await client.call({ kind: 'alloc', id: 0, size: 8 });
    await until(reader, r.version);
    expect(calls).toBe(1);
    expect(reader.refresh()).toBe(false);
    expect(calls).toBe(1);
  });

  it('reads a first frame as columns for the strip\'s view, and again for a view at the same scale, with merged gaps for a coarser one, and not for a finer one', async () => {
    const { reader, client } = await readerOver(true);
    /** A one-row view of `width` pixels from byte `from`: blocks of two pixels or more are drawn on their own. */
    const planOf = (width: number, from: number): FramePlan => ({ rows: [{ row: 0, from, to: from + 4096, barY: 0 }], bpp: 4096 / width, width, minSpan: Math.ceil((2 * 4096) / width) });
    const view = planOf(100, 0);
    reader.setFramePlan(() => view);
    // As during a playback: the whole picture is not read after the frame, so the first one stays the latest.
    reader.busy = () => true;
    // Narrow blocks (24 to 40 bytes) and a wide one (400 bytes), every other one freed.
    for (let id = 0; id < 12; id++) await client.call({ kind: 'alloc', id, size: id === 6 ? 400 : 24 + (id % 3) * 8 });
    for (let id = 0; id < 12; id += 2) await client.call({ kind: 'free', id });
    const last = await client.call({ kind: 'seek', step: 18, wideFrom: view.minSpan });
    await vi.waitFor(() => expect(reader.latest()?.version ?? -1).toBeGreaterThanOrEqual(last.version));
    const first = reader.latest()!;
    expect(first.columns?.plan).toBe(view);
    expect(Array.from(first.blocks.start)).toEqual([192]);
    expect(Array.from(first.blocks.span)).toEqual([400]);

    const scrolled = planOf(100, 64);
    expect(reader.framePictureFor(scrolled)?.columns?.plan).toBe(scrolled);
    const coarser = reader.framePictureFor(planOf(50, 0))!;
    expect(coarser.columns).toBeUndefined();
    expect(coarser.mergedBelow).toBeLessThanOrEqual(planOf(50, 0).minSpan);
    expect(coarser.version).toBe(first.version);

    const again = await client.call({ kind: 'seek', step: 17, wideFrom: view.minSpan });
    await vi.waitFor(() => expect(reader.latest()?.version ?? -1).toBeGreaterThanOrEqual(again.version));
    expect(reader.framePictureFor(planOf(200, 0))).toBeNull();
    client.dispose();
  });

  it('reads the whole heap after a first frame that walked the free lists without walking them again', async () => {
    const worker = new InProcessWorker(true);
    const reader = new HeapReader();
    const client = new HeapClient(worker, { onMemory: (v) => reader.attach(v), onDeath: () => undefined });
    await client.call({ kind: 'init', strategy: 'first-fit', heapSize: 4096 });
    reader.setFramePlan(() => ({ rows: [{ row: 0, from: 0, to: 4096, barY: 0 }], bpp: 40.96, width: 100, minSpan: 82 }));
    reader.busy = () => true;
    for (let id = 0; id < 8; id++) await client.call({ kind: 'alloc', id, size: 40 });
    await client.call({ kind: 'free', id: 2 });
    const last = await client.call({ kind: 'free', id: 5 });
    await vi.waitFor(() => expect(reader.latest()?.version ?? -1).toBeGreaterThanOrEqual(last.version));
    expect(reader.latest()!.columns).toBeDefined();
    const walks = vi.spyOn((reader as unknown as { strategy: { walkFreeLists: () => void } }).strategy, 'walkFreeLists');
    const whole = reader.wholeNow()!;
    expect(whole.mergedBelow).toBe(0);
    // The two blocks freed and the rest of the heap past the last allocation.
    expect(whole.free.all()![0].length).toBe(3);
    expect(walks).not.toHaveBeenCalled();
    client.dispose();
  });

  it('drops a read that overlaps a write (odd version) and reads again once it ends', async () => {
    const { reader, worker, client } = await readerOver(true);
    const before = reader.current()!.version;
    const sync = new Int32Array((worker.received.find((m) => m.type === 'memory') as { view: { sync: SharedArrayBuffer } }).view.sync);
    Atomics.add(sync, 0, 1);
    expect(reader.refresh()).toBe(false);
    expect(reader.current()!.version).toBe(before);
    Atomics.add(sync, 0, 1);
    Atomics.notify(sync, 0);
    const p = await until(reader, before + 2);
    expect(p.version).toBe(before + 2);
    client.dispose();
  });
});
