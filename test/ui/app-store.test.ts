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
    { onDeath: (reason) => store?.getState().workerDied(reason), onTimeline: () => store?.getState().timelineChanged() },
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
  /** The timeline's operations, as the page's mirror holds them. */
  const ops = () => {
    const o = connection.mirror.ops;
    return Array.from({ length: o.length }, (_, i) => [['alloc', 'free', 'realloc'][o.kind[i]], o.id[i], o.size[i]]);
  };
  return { store: store!, s, connection, workers, blocks, selectedBlock, ops };
}

describe('the page store', () => {
  it('allocates the size in the size field and selects the new block', async () => {
    const { s, blocks, selectedBlock, ops } = await app();
    s().setAllocSize(100);
    await s().alloc();
    s().setAllocSize(40);
    await s().alloc();
    expect(blocks()).toEqual([
      [0, 104, 0],
      [104, 40, 1],
    ]);
    expect(selectedBlock()).toEqual({ start: 104, id: 1 });
    expect(ops()).toEqual([
      ['alloc', 0, 100],
      ['alloc', 1, 40],
    ]);
    expect(s().metrics?.payload).toBe(140);
    expect([s().step, s().length]).toEqual([2, 2]);
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
      const { s, blocks, ops } = await app();
      await s().alloc();
      const before = blocks();
      const opsBefore = ops();
      s().setAllocSize(size);
      await s().alloc();
      expect(s().alert?.text).toBe(reason);
      expect(blocks()).toEqual(before);
      expect(ops()).toEqual(opsBefore);
      expect(s().length).toBe(1);
      const last = s().log[s().log.length - 1].entry;
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
    const { s, blocks, ops } = await app();
    await s().alloc();
    await s().setStrategy('first-fit');
    expect(ops()).toEqual([]);
    expect(blocks()).toEqual([[0, 4096, -1]]);
    await s().setHeapSize(100);
    expect(s().alert?.text).toMatch(/multiple of 8/);
    expect(s().heapSize).toBe(4096);
    await s().setHeapSize(8192);
    expect(blocks()).toEqual([[0, 8192, -1]]);
  });

  it('says when the worker died, and a restart rebuilds the same heap from the operations', async () => {
    const { s, connection, blocks, workers, ops } = await app();
    for (let i = 0; i < 4; i++) await s().alloc();
    s().select({ id: 1 });
    await s().free();
    const before = blocks();
    connection.crashWorker();
    await vi.waitFor(() => expect(s().status).toBe('crashed'));
    expect(s().statusReason).toMatch(/crashed/);
    await s().alloc();
    expect(ops()).toHaveLength(5);
    await s().restartWorker();
    expect(workers).toHaveLength(2);
    expect(s().status).toBe('ready');
    expect(blocks()).toEqual(before);
    await s().alloc();
    // The id the worker picks is the first one the timeline never used.
    expect(blocks()[1]).toEqual([104, 104, 4]);
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

  it('shows the step a seek led to as soon as the page reads its heap, before the reply, in shared memory', async () => {
    const { s, store, connection } = await app();
    s().setAllocSize(16);
    for (let i = 0; i < 4; i++) await s().alloc();
    await s().seek(0);
    let replied = false;
    const call = connection.call.bind(connection);
    connection.call = (async (command: Parameters<typeof call>[0]) => {
      const reply = await call(command);
      replied = true;
      return reply;
    }) as typeof connection.call;
    const seen: { step: number; replied: boolean }[] = [];
    const unsubscribe = store.subscribe((now, before) => {
      if (now.step !== before.step) seen.push({ step: now.step, replied });
    });
    await s().seek(3);
    unsubscribe();
    expect(seen[0]).toEqual({ step: 3, replied: false });
    expect([s().step, s().length]).toEqual([3, 4]);
  });

  it('steps back and forth through the operations, and a click at an earlier step replaces the later ones', async () => {
    const { s, blocks, ops } = await app();
    s().setAllocSize(16);
    for (let i = 0; i < 3; i++) await s().alloc();
    const three = blocks();
    await s().stepBy(-1);
    expect(s().step).toBe(2);
    expect(blocks()).toEqual(three.slice(0, 2));
    expect(s().currentOp?.id).toBe(1);
    await s().seek(0);
    expect(blocks()).toEqual([]);
    await s().seek(3);
    expect(blocks()).toEqual(three);
    await s().seek(1);
    s().setAllocSize(40);
    await s().alloc();
    expect(ops()).toEqual([
      ['alloc', 0, 16],
      ['alloc', 1, 40],
    ]);
    expect([s().step, s().length]).toEqual([2, 2]);
    expect(s().log.some((l) => l.entry.kind === 'note' && /the 2 later operations were replaced/.test(l.entry.text))).toBe(true);
  });

  it('loads a trace file into the timeline at step 0 and scrubs it', async () => {
    const { s, blocks } = await app();
    const rep = '1000\n3\n4\n1\na 0 10\na 1 20\nf 0\na 2 8\n';
    await s().loadTrace('mine.rep', async () => new TextEncoder().encode(rep).buffer as ArrayBuffer);
    expect(s().alert).toBeNull();
    expect([s().step, s().length]).toEqual([0, 4]);
    expect(s().trace?.name).toBe('mine.rep');
    expect(s().heapSize).toBe(4096);
    await s().seek(2);
    // A Lululucator block is at least its 24-byte free-list node.
    expect(blocks()).toEqual([
      [0, 24, 0],
      [24, 24, 1],
    ]);
  });

  it('alerts with the line of a bad trace file and keeps the heap it had', async () => {
    const { s, blocks, ops } = await app();
    await s().alloc();
    const before = blocks();
    await s().loadTrace('bad.rep', async () => new TextEncoder().encode('1000\n2\n2\n1\na 0 10\nf 7\n').buffer as ArrayBuffer);
    expect(s().alert?.text).toMatch(/^bad\.rep:6: /);
    expect(blocks()).toEqual(before);
    expect(ops()).toHaveLength(1);
    expect(s().trace).toBeNull();
  });
});
