import { describe, expect, it, vi } from 'vitest';
import { HeapReader } from '../../src/ui/heap/heap-reader.ts';
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
