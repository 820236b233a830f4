import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapSession } from '../../src/worker/heap-session.ts';
import type { Command, LoadReply, StateReply, WorkerMessage } from '../../src/worker/protocol.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/traces');

/** A session and a way to call it as the page does: each answer arrives as a `reply` message. */
function session() {
  const messages: WorkerMessage[] = [];
  const s = new HeapSession((m) => messages.push(m), true);
  let call = 0;
  const ask = (command: Command) =>
    new Promise<unknown>((resolve) => {
      const n = ++call;
      const poll = () => {
        const reply = messages.find((m) => m.type === 'reply' && m.call === n);
        if (reply && reply.type === 'reply') resolve(reply.reply);
        else setTimeout(poll, 1);
      };
      s.receive({ type: 'command', call: n, command });
      poll();
    });
  return { s, messages, ask };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('loading a trace in the worker', () => {
  it('reads, replays and reports progress, then shows step 0 of the trace', async () => {
    const { s, messages, ask } = session();
    await ask({ kind: 'init', strategy: 'first-fit', heapSize: 4096 });
    const reply = (await ask({ kind: 'load', name: 't.rep', data: bytes('20000\n2\n3\n1\na 0 10\na 1 20\nf 0\n'), strategy: 'first-fit', heapSize: 4096 })) as LoadReply;
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect([reply.state.step, reply.state.length, reply.heapSize]).toEqual([0, 3, 20000]);
    const phases = messages.filter((m) => m.type === 'progress').map((m) => m.type === 'progress' && m.progress.phase);
    expect(phases).toContain('read');
    expect(phases).toContain('build');
    const delta = messages.filter((m) => m.type === 'timeline').at(-1);
    expect(delta?.type === 'timeline' && Array.from(delta.delta.kind)).toEqual([0, 0, 1]);
    expect(s.current?.length).toBe(3);
  });

  it('answers a bad file with FILE:LINE: reason and keeps the heap it had', async () => {
    const { s, ask } = session();
    await ask({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    await ask({ kind: 'alloc', size: 40 });
    const before = s.current;
    const reply = (await ask({ kind: 'load', name: 'bad.rep', data: bytes('1000\n1\n1\n1\nq 0 10\n'), strategy: 'lululucator', heapSize: 4096 })) as LoadReply;
    expect(reply.ok === false && !reply.cancelled && reply.error).toMatch(/^bad\.rep:5: /);
    expect(s.current).toBe(before);
    expect(s.current?.driver.live.liveCount).toBe(1);
  });

  it('stops a load when cancelled and keeps the heap it had', async () => {
    const { s, ask } = session();
    await ask({ kind: 'init', strategy: 'lululucator', heapSize: 4096 });
    const before = s.current;
    const lines = ['100000', '50000', '100000', '1'];
    for (let i = 0; i < 50_000; i++) lines.push(`a ${i} 8`);
    for (let i = 0; i < 50_000; i++) lines.push(`f ${i}`);
    const loading = ask({ kind: 'load', name: 'big.rep', data: bytes(lines.join('\n')), strategy: 'lululucator', heapSize: 4096 });
    const cancelled = (await ask({ kind: 'cancel-load' })) as StateReply;
    expect(cancelled.length).toBe(0);
    const reply = (await loading) as LoadReply;
    expect(reply).toEqual({ ok: false, cancelled: true });
    expect(s.current).toBe(before);
  });

  it('offers the processes of a multi-process recording and replays the one asked', async () => {
    const { ask } = session();
    await ask({ kind: 'init', strategy: 'lululucator', heapSize: 65536 });
    const data = readFileSync(join(FIXTURES, 'valgrind', 'children.log'));
    const load = (pid?: number) =>
      ask({ kind: 'load', name: 'children.log', data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer, strategy: 'lululucator', heapSize: 65536, pid }) as Promise<LoadReply>;
    const busiest = await load();
    expect(busiest.ok && busiest.processes.length).toBe(2);
    if (!busiest.ok) return;
    const other = busiest.processes.find((p) => p.pid !== busiest.pid)!;
    const chosen = await load(other.pid);
    expect(chosen.ok && chosen.pid).toBe(other.pid);
    expect(chosen.ok && chosen.state.length).not.toBe(busiest.state.length);
  });
});
