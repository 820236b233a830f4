import { createStore, type StoreApi } from 'zustand/vanilla';
import { describeError } from '../../core/failure.ts';
import { MAX_HEAP_BYTES } from '../../core/heap-memory.ts';
import type { HeapMetrics } from '../../core/metrics.ts';
import type { Command, OpReply, SessionOp } from '../../worker/protocol.ts';
import { WorkerDied } from '../../worker/heap-client.ts';
import type { HeapBackend } from '../heap/heap-connection.ts';
import { refOfBlock, resolveBlock } from '../heap/heap-picture.ts';
import { formatOffset } from '../format/offsets.ts';
import { initialData, LOG_LIMIT, type AppData, type AppState, type LogEntry, type MetricsPoint } from './app-state.ts';

/**
 * The page's store: plain zustand/vanilla (no React here; use-app.ts is the
 * thin hook). Actions call the heap worker through a backend and put its
 * answers in the state. A user's mistake (bad size, out of memory, nothing
 * to free) becomes `alert` and a failed log line; the heap is unchanged,
 * because the engine changes nothing when an operation fails.
 *
 * Invariants: `ops` are the operations that succeeded on the current heap, in
 * order, so init + replay(ops) rebuilds it; `nextId` is above every id in
 * `ops`; `history` has one point per operation that changed the heap.
 */
export type AppStore = StoreApi<AppState>;

export function createAppStore(backend: HeapBackend): AppStore {
  return createStore<AppState>()((set, get) => {
    let seq = 0;
    const nextSeq = () => ++seq;

    const note = (text: string): LogEntry => ({ seq: nextSeq(), kind: 'note', text });
    const appendLog = (log: readonly LogEntry[], ...entries: LogEntry[]): LogEntry[] => {
      const out = log.length + entries.length > LOG_LIMIT ? log.slice(log.length + entries.length - LOG_LIMIT) : log.slice();
      out.push(...entries);
      return out;
    };
    const point = (metrics: HeapMetrics, step: number): MetricsPoint => ({
      step,
      utilization: metrics.utilization,
      externalFragmentation: metrics.externalFragmentation,
      internalFragmentation: metrics.internalFragmentation,
      payload: metrics.payload,
      footprint: metrics.footprint,
    });
    const alert = (text: string) => set({ alert: { seq: nextSeq(), text } });

    /**
     * Sends a command, counting it as pending; a dead worker is reported by
     * workerDied, not here. The answer is handed back after the next paint:
     * the strip shows the change first, the rest of the page right after.
     */
    async function send<C extends Command>(command: C) {
      set((s) => ({ pending: s.pending + 1 }));
      try {
        const reply = await backend.call(command);
        await backend.afterPaint();
        return reply;
      } finally {
        set((s) => ({ pending: Math.max(0, s.pending - 1) }));
      }
    }

    async function guarded(work: () => Promise<void>): Promise<void> {
      try {
        await work();
      } catch (e) {
        if (e instanceof WorkerDied) return;
        alert(e instanceof Error ? e.message : String(e));
      }
    }

    /** Records an operation's reply: log, ops, metrics, selection, alert. */
    function record(reply: OpReply, op: SessionOp): void {
      const entry: LogEntry = {
        seq: nextSeq(),
        kind: 'op',
        op: reply.op,
        id: reply.id,
        size: reply.size,
        offset: reply.offset,
        start: reply.start,
        span: reply.span,
        ok: reply.ok,
        events: reply.events,
        error: reply.error ? describeError(reply.error) : null,
      };
      if (!reply.ok) {
        set((s) => ({ log: appendLog(s.log, entry), alert: { seq: nextSeq(), text: entry.error ?? 'the operation failed' } }));
        return;
      }
      set((s) => {
        const ops = [...s.ops, op];
        const selected = reply.op === 'free' ? (reply.start === null ? s.selected : { offset: reply.start }) : { id: reply.id };
        return {
          log: appendLog(s.log, entry),
          ops,
          metrics: reply.metrics,
          history: [...s.history, point(reply.metrics, ops.length)],
          selected,
          alert: null,
        };
      });
    }

    /** The allocated block the selection names, or an alert saying why there is none. */
    function selectedLiveId(verb: 'free' | 'realloc'): number | null {
      const { selected, radix, heapSize } = get();
      const picture = backend.picture();
      if (selected === null || picture === null) {
        alert(`nothing to ${verb}: select an allocated block first`);
        return null;
      }
      const k = resolveBlock(picture, selected);
      if (k < 0) {
        alert(`nothing to ${verb}: the selected block is gone`);
        return null;
      }
      const id = picture.blocks.id[k];
      if (id < 0) {
        alert(`nothing to ${verb}: the block at ${formatOffset(picture.blocks.start[k], radix, heapSize)} is free`);
        return null;
      }
      return id;
    }

    /** A fresh heap of the current strategy and size. */
    async function init(noteText: string): Promise<void> {
      const { strategy, heapSize } = get();
      const reply = await send({ kind: 'init', strategy, heapSize });
      set((s) => ({
        status: 'ready',
        statusReason: null,
        metrics: reply.metrics,
        history: [point(reply.metrics, 0)],
        ops: [],
        nextId: 0,
        selected: null,
        alert: null,
        log: appendLog(s.log, note(noteText)),
      }));
    }

    const heapNote = (d: Pick<AppData, 'strategy' | 'heapSize'>) => `heap: ${d.strategy}, ${d.heapSize.toLocaleString('en-US')} bytes`;

    return {
      ...initialData(),

      start: () =>
        guarded(async () => {
          set({ status: 'starting' });
          await init(heapNote(get()));
        }),

      alloc: () =>
        guarded(async () => {
          const { allocSize, nextId } = get();
          set({ nextId: nextId + 1 });
          const reply = await send({ kind: 'alloc', id: nextId, size: allocSize });
          record(reply, { op: 'alloc', id: nextId, size: allocSize });
        }),

      free: () =>
        guarded(async () => {
          const id = selectedLiveId('free');
          if (id === null) return;
          const reply = await send({ kind: 'free', id });
          record(reply, { op: 'free', id, size: 0 });
        }),

      realloc: () =>
        guarded(async () => {
          const id = selectedLiveId('realloc');
          if (id === null) return;
          const size = get().allocSize;
          const reply = await send({ kind: 'realloc', id, size });
          record(reply, { op: 'realloc', id, size });
        }),

      reset: () =>
        guarded(async () => {
          const reply = await send({ kind: 'reset' });
          set((s) => ({
            metrics: reply.metrics,
            history: [point(reply.metrics, 0)],
            ops: [],
            nextId: 0,
            selected: null,
            alert: null,
            log: appendLog(s.log, note('reset: the heap is empty')),
          }));
        }),

      setStrategy: (name) =>
        guarded(async () => {
          if (name === get().strategy) return;
          set({ strategy: name });
          await init(heapNote(get()));
        }),

      setHeapSize: (bytes) =>
        guarded(async () => {
          if (!Number.isInteger(bytes) || bytes < 64 || bytes > MAX_HEAP_BYTES || bytes % 8 !== 0) {
            alert(`heap size ${bytes}: it must be a multiple of 8 from 64 to ${MAX_HEAP_BYTES.toLocaleString('en-US')} bytes`);
            return;
          }
          if (bytes === get().heapSize) return;
          set({ heapSize: bytes });
          await init(heapNote(get()));
        }),

      setAllocSize: (bytes) => set({ allocSize: bytes }),

      select: (ref) => set({ selected: ref }),

      moveSelection: (delta) => {
        const picture = backend.picture();
        if (!picture || picture.blocks.count === 0) return;
        const count = picture.blocks.count;
        const current = resolveBlock(picture, get().selected);
        let k: number;
        if (delta === 'first') k = 0;
        else if (delta === 'last') k = count - 1;
        else if (current < 0) k = delta > 0 ? 0 : count - 1;
        else k = Math.min(count - 1, Math.max(0, current + delta));
        set({ selected: refOfBlock(picture, k) });
      },

      toggleRadix: () => set((s) => ({ radix: s.radix === 'hex' ? 'dec' : 'hex' })),

      setShortcutsOpen: (open) => set({ shortcutsOpen: open }),

      dismissAlert: () => set({ alert: null }),

      workerDied: (reason) => set((s) => ({ status: 'crashed', statusReason: reason, log: appendLog(s.log, note(`worker stopped: ${reason}`)) })),

      restartWorker: () =>
        guarded(async () => {
          const { ops, strategy, heapSize } = get();
          set({ status: 'starting', statusReason: null });
          backend.restart();
          const first = await send({ kind: 'init', strategy, heapSize });
          const reply = ops.length > 0 ? await send({ kind: 'replay', ops }) : first;
          set((s) => ({
            status: 'ready',
            metrics: reply.metrics,
            log: appendLog(s.log, note(`worker restarted: the heap was rebuilt from ${ops.length} operation${ops.length === 1 ? '' : 's'}`)),
          }));
        }),

      replay: (ops) =>
        guarded(async () => {
          const reply = await send({ kind: 'replay', ops });
          let top = get().nextId;
          for (const op of ops) if (op.id >= top) top = op.id + 1;
          set((s) => ({
            ops: [...s.ops, ...ops],
            nextId: top,
            metrics: reply.metrics,
            history: [...s.history, point(reply.metrics, s.ops.length + ops.length)],
            log: appendLog(s.log, note(`replayed ${reply.applied.toLocaleString('en-US')} operations (${reply.failed} failed)`)),
          }));
        }),
    };
  });
}
