import { describe, expect, it, vi } from 'vitest';
import { HeapConnection } from '../../src/ui/heap/heap-connection.ts';
import { resolveBlock } from '../../src/ui/heap/heap-picture.ts';
import { createAppStore } from '../../src/ui/store/app-store.ts';
import { InProcessWorker } from '../support/in-process-worker.ts';

// The store core must not need React (zustand's own test does the same).
vi.mock('react', () => ({}));

async function app(heapSize = 4096, shared = true) {
  const workers: InProcessWorker[] = [];
  let store: ReturnType<typeof createAppStore> | null = null;
  const connection = new HeapConnection(
    () => {
      const w = new InProcessWorker(shared);
      workers.push(w);
      return w;
    },
    { onDeath: (reason) => store?.getState().workerDied(reason) },
  );
  store = createAppStore(connection);
  if (heapSize !== store.getState().heapSize) store.setState({ heapSize });
  await store.getState().start();
  const s = () => store!.getState();
  const blocks = () => {
    const p = connection.picture()!;
    return Array.from({ length: p.blocks.count }, (_, k) => [p.blocks.start[k], p.blocks.span[k], p.blocks.id[k]]);
  };
  const selectedBlock = () => {
    const p = connection.picture()!;
    const k = resolveBlock(p, s().selected);
    return k < 0 ? null : { start: p.blocks.start[k], id: p.blocks.id[k] };
  };
  return { store: store!, s, connection, workers, blocks, selectedBlock };
}

describe('the page store', () => {
  it('allocates the size in the size field and selects the new block', async () => {
    const { s, blocks, selectedBlock } = await app();
    s().setAllocSize(100);
    await s().alloc();
    s().setAllocSize(40);
    await s().alloc();
    expect(blocks()).toEqual([
      [0, 104, 0],
      [104, 40, 1],
    ]);
    expect(selectedBlock()).toEqual({ start: 104, id: 1 });
    expect(s().ops).toEqual([
      { op: 'alloc', id: 0, size: 100 },
      { op: 'alloc', id: 1, size: 40 },
    ]);
    expect(s().metrics?.payload).toBe(140);
    expect(s().history).toHaveLength(3);
  });

  it('frees the selected block and keeps the freed block selected', async () => {
    const { s, blocks, selectedBlock } = await app();
    await s().alloc();
    await s().alloc();
    s().select({ id: 0 });
    await s().free();
    expect(blocks()).toEqual([
      [0, 104, -1],
      [104, 104, 1],
    ]);
    expect(selectedBlock()).toEqual({ start: 0, id: -1 });
    expect(s().alert).toBeNull();
  });

  it('says there is nothing to free when nothing or a free block is selected, and sends nothing', async () => {
    const { s, workers } = await app();
    await s().alloc();
    s().select(null);
    const sent = workers[0].sent.length;
    await s().free();
    expect(s().alert?.text).toBe('nothing to free: select an allocated block first');
    s().select({ id: 0 });
    await s().free();
    await s().free();
    expect(s().alert?.text).toBe('nothing to free: the block at 0x0000 is free');
    expect(workers[0].sent.length).toBe(sent + 1);
  });

  for (const [size, reason] of [
    [0, 'size 0: nothing to allocate'],
    [5000, 'size 5000 is larger than the whole heap'],
    [-3, 'size -3 is negative'],
  ] as const) {
    it(`alerts on a size of ${size} and leaves the heap as it was`, async () => {
      const { s, blocks } = await app();
      await s().alloc();
      const before = blocks();
      const ops = s().ops;
      s().setAllocSize(size);
      await s().alloc();
      expect(s().alert?.text).toBe(reason);
      expect(blocks()).toEqual(before);
      expect(s().ops).toBe(ops);
      const last = s().log[s().log.length - 1];
      expect(last.kind === 'op' && last.ok).toBe(false);
    });
  }

  it('gives the reason of out of memory: the request against total free and the largest hole', async () => {
    const { s, blocks } = await app(256);
    s().setAllocSize(100);
    await s().alloc();
    s().setAllocSize(24);
    await s().alloc();
    s().select({ id: 0 });
    await s().free();
    const before = blocks();
    s().setAllocSize(200);
    await s().alloc();
    expect(s().alert?.text).toBe('out of memory: 200 bytes asked, 232 bytes free in all but the largest hole is 128 bytes (fragmentation)');
    expect(blocks()).toEqual(before);
  });

  it('keeps a reallocated block selected by its id as it moves', async () => {
    const { s, selectedBlock } = await app();
    s().setAllocSize(16);
    await s().alloc();
    await s().alloc();
    s().select({ id: 0 });
    s().setAllocSize(64);
    await s().realloc();
    expect(selectedBlock()).toEqual({ start: 48, id: 0 });
  });

  it('moves the selection through the blocks in address order', async () => {
    const { s, selectedBlock } = await app();
    for (let i = 0; i < 3; i++) await s().alloc();
    s().moveSelection('first');
    expect(selectedBlock()?.start).toBe(0);
    s().moveSelection(1);
    expect(selectedBlock()?.start).toBe(104);
    s().moveSelection(5);
    expect(selectedBlock()?.start).toBe(208);
    s().moveSelection(-1);
    expect(selectedBlock()?.start).toBe(104);
  });

  it('starts an empty heap when the strategy or the heap size changes', async () => {
    const { s, blocks } = await app();
    await s().alloc();
    await s().setStrategy('first-fit');
    expect(s().ops).toEqual([]);
    expect(blocks()).toEqual([[0, 4096, -1]]);
    await s().setHeapSize(100);
    expect(s().alert?.text).toMatch(/multiple of 8/);
    expect(s().heapSize).toBe(4096);
    await s().setHeapSize(8192);
    expect(blocks()).toEqual([[0, 8192, -1]]);
  });

  it('says when the worker died, and a restart rebuilds the same heap from the operations', async () => {
    const { s, connection, blocks, workers } = await app();
    for (let i = 0; i < 4; i++) await s().alloc();
    s().select({ id: 1 });
    await s().free();
    const before = blocks();
    connection.crashWorker();
    await vi.waitFor(() => expect(s().status).toBe('crashed'));
    expect(s().statusReason).toMatch(/crashed/);
    await s().alloc();
    expect(s().ops).toHaveLength(5);
    await s().restartWorker();
    expect(workers).toHaveLength(2);
    expect(s().status).toBe('ready');
    expect(blocks()).toEqual(before);
    await s().alloc();
    expect(blocks()[1]).toEqual([104, 104, 5]);
  });

  it('works the same without shared memory (snapshots)', async () => {
    const { s, blocks, connection } = await app(4096, false);
    await s().alloc();
    await s().alloc();
    s().select({ id: 0 });
    await s().free();
    expect(connection.isolation()).toBe('snapshot');
    expect(blocks()).toEqual([
      [0, 104, -1],
      [104, 104, 1],
    ]);
  });
});
