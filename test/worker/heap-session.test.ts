import { describe, expect, it } from 'vitest';
import { collectBlocks } from '../../src/core/block-layout.ts';
import { HeapMemory, REGISTER_COUNT } from '../../src/core/heap-memory.ts';
import { LiveTable } from '../../src/core/live-table.ts';
import { createStrategy } from '../../src/core/strategies/registry.ts';
import { HeapSession } from '../../src/worker/heap-session.ts';
import type { MemoryView, OpReply, StateReply, WorkerMessage } from '../../src/worker/protocol.ts';

function session(shared: boolean) {
  const messages: WorkerMessage[] = [];
  const s = new HeapSession((m) => messages.push(m), shared);
  const views = () => messages.filter((m): m is Extract<WorkerMessage, { type: 'memory' }> => m.type === 'memory').map((m) => m.view);
  return { s, messages, views };
}

/** The blocks a page sees through a memory view, as plain arrays. */
function blocksThrough(view: MemoryView, mirror?: ArrayBuffer) {
  const memory =
    view.mode === 'shared'
      ? new HeapMemory(view.heap)
      : new HeapMemory({ heap: mirror ?? new ArrayBuffer(view.heapSize), registers: view.registers });
  if (view.mode === 'snapshot') memory.bytes.set(new Uint8Array(view.heap));
  const strategy = createStrategy(view.strategy, memory);
  const layout = collectBlocks(strategy, new LiveTable(0, view.mode === 'shared', view.live));
  return { starts: Array.from(layout.start), ids: Array.from(layout.id), bytes: memory.bytes };
}

describe('the heap session (the worker side)', () => {
  it('keeps the version word even between operations and bumps it by two for each', () => {
    const { s } = session(true);
    s.run({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    const v0 = s.version;
    expect(v0 % 2).toBe(0);
    const reply = s.run({ kind: 'alloc', id: 0, size: 100 }) as OpReply;
    expect(reply.version).toBe(v0 + 2);
    expect(s.version).toBe(v0 + 2);
  });

  it('shares its buffers once per heap, and again only when the live table grows', () => {
    const { s, views } = session(true);
    s.run({ kind: 'init', strategy: 'lululucator', heapSize: 1 << 20 });
    expect(views()).toHaveLength(1);
    for (let id = 0; id < 1024; id++) s.run({ kind: 'alloc', id, size: 8 });
    expect(views()).toHaveLength(1);
    s.run({ kind: 'alloc', id: 1024, size: 8 });
    s.run({ kind: 'alloc', id: 5000, size: 8 });
    const all = views();
    expect(all.length).toBe(3);
    const last = all[all.length - 1];
    expect(last.mode).toBe('shared');
    expect(blocksThrough(last).ids).toContain(5000);
  });

  it('answers an operation with the driver result, the block start and the metrics', () => {
    const { s } = session(true);
    s.run({ kind: 'init', strategy: 'implicit', heapSize: 65536 });
    const reply = s.run({ kind: 'alloc', id: 0, size: 100 }) as OpReply;
    expect(reply).toMatchObject({ ok: true, op: 'alloc', id: 0, size: 100, offset: 16, start: 12, error: null });
    expect(reply.metrics.payload).toBe(100);
  });

  it('reports a failed operation as a value and changes nothing', () => {
    const { s, views } = session(true);
    s.run({ kind: 'init', strategy: 'lululucator', heapSize: 256 });
    s.run({ kind: 'alloc', id: 0, size: 100 });
    const before = Buffer.from(blocksThrough(views()[0]).bytes).toString('hex');
    const reply = s.run({ kind: 'alloc', id: 1, size: 200 }) as OpReply;
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatchObject({ code: 'out-of-memory', request: 200 });
    expect(Buffer.from(blocksThrough(views()[0]).bytes).toString('hex')).toBe(before);
  });

  it('in snapshot mode sends, before each reply, a copy from which the page sees the same blocks and bytes', () => {
    const shared = session(true);
    const copied = session(false);
    const mirror = new ArrayBuffer(4096);
    const script = [
      { kind: 'alloc', id: 0, size: 100 },
      { kind: 'alloc', id: 1, size: 30 },
      { kind: 'free', id: 0 },
      { kind: 'alloc', id: 2, size: 40 },
      { kind: 'realloc', id: 1, size: 200 },
    ] as const;
    for (const x of [shared, copied]) x.s.run({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    for (const command of script) {
      shared.s.run(command);
      copied.s.run(command);
      const snapshot = copied.views()[copied.views().length - 1];
      expect(snapshot.mode).toBe('snapshot');
      if (snapshot.mode === 'snapshot') expect(snapshot.registers.byteLength).toBe(REGISTER_COUNT * 4);
      const a = blocksThrough(shared.views()[0]);
      const b = blocksThrough(snapshot, mirror);
      expect(b.starts).toEqual(a.starts);
      expect(b.ids).toEqual(a.ids);
      expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    }
  });

  it('rebuilds a heap from operations with replay, failures counted', () => {
    const { s } = session(true);
    s.run({ kind: 'init', strategy: 'first-fit', heapSize: 1024 });
    const reply = s.run({
      kind: 'replay',
      ops: [
        { op: 'alloc', id: 0, size: 100 },
        { op: 'alloc', id: 1, size: 5000 },
        { op: 'free', id: 0, size: 0 },
      ],
    }) as StateReply;
    expect(reply).toMatchObject({ applied: 3, failed: 1 });
    expect(reply.metrics.liveBlocks).toBe(0);
  });

  it('answers a call it cannot run with `failed`, not by throwing', () => {
    const { s, messages } = session(true);
    s.receive({ type: 'command', call: 7, command: { kind: 'alloc', id: 0, size: 8 } });
    expect(messages).toEqual([{ type: 'failed', call: 7, message: 'no heap yet: send init first' }]);
  });
});
