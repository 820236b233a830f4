import { describe, expect, it, vi } from 'vitest';
import { HeapClient, WorkerCallFailed, WorkerDied } from '../../src/worker/heap-client.ts';
import type { MemoryView } from '../../src/worker/protocol.ts';
import { InProcessWorker } from '../support/in-process-worker.ts';

function connect(worker = new InProcessWorker()) {
  const deaths: string[] = [];
  const views: MemoryView[] = [];
  const client = new HeapClient(worker, { onMemory: (v) => views.push(v), onDeath: (r) => deaths.push(r) });
  return { worker, client, deaths, views };
}

describe('the heap client (the page side of the worker)', () => {
  it('resolves each call with its own reply, the memory view arriving first', async () => {
    const { client, views } = connect();
    const init = client.call({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    const a = client.call({ kind: 'alloc', id: 0, size: 100 });
    const b = client.call({ kind: 'alloc', id: 1, size: 8 });
    await init;
    expect(views).toHaveLength(1);
    expect((await a).offset).toBe(0);
    expect((await b).offset).toBe(104);
    expect(client.pendingCalls).toBe(0);
  });

  it('rejects every pending call when the worker crashes, tells the owner once, and refuses later calls', async () => {
    const { client, deaths } = connect();
    await client.call({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    const crash = client.call({ kind: 'debug-crash' });
    const pending = client.call({ kind: 'alloc', id: 0, size: 8 });
    await expect(crash).rejects.toBeInstanceOf(WorkerDied);
    await expect(pending).rejects.toThrow(/crashed/);
    expect(deaths).toHaveLength(1);
    await expect(client.call({ kind: 'reset' })).rejects.toBeInstanceOf(WorkerDied);
    expect(client.alive).toBe(false);
  });

  it('gives a silent worker up after the timeout: the call rejects and the worker is terminated', async () => {
    vi.useFakeTimers();
    try {
      const worker = new InProcessWorker();
      worker.hanging = true;
      const { client, deaths } = connect(worker);
      const call = client.call({ kind: 'init', strategy: 'lululucator', heapSize: 4096 }, 1000);
      const settled = expect(call).rejects.toThrow(/did not answer "init" within 1 s/);
      await vi.advanceTimersByTimeAsync(1001);
      await settled;
      expect(worker.terminated).toBe(true);
      expect(deaths).toEqual(['the heap worker did not answer "init" within 1 s']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns an exception inside the worker into a rejected call, and the worker lives on', async () => {
    const { client } = connect();
    await expect(client.call({ kind: 'alloc', id: 0, size: 8 })).rejects.toBeInstanceOf(WorkerCallFailed);
    await client.call({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    expect((await client.call({ kind: 'alloc', id: 0, size: 8 })).ok).toBe(true);
  });
});
