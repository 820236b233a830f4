import { createStore, type StoreApi } from 'zustand/vanilla';
import { MAX_HEAP_BYTES } from '../../core/heap-memory.ts';
import { OP_NAMES } from '../../core/trace/op-list.ts';
import type { Command, OpReply, SessionOp } from '../../worker/protocol.ts';
import { WorkerDied } from '../../worker/heap-client.ts';
import type { HeapBackend } from '../heap/heap-connection.ts';
import { refOfBlock, resolveBlock } from '../heap/heap-picture.ts';
import { formatOffset } from '../format/offsets.ts';
import { opEntry } from '../log/describe-entry.ts';
import { initialData, LOG_LIMIT, type AppData, type AppState, type LogEntry, type SessionLine } from './app-state.ts';
import { Playback } from './playback.ts';

/**
 * The page's store: plain zustand/vanilla (no React here; use-app.ts is the
 * thin hook). Actions call the heap worker through a backend and put its
 * answers in the state. A user's mistake (bad size, out of memory, nothing
 * to free, a bad trace file) becomes `alert`; the heap is unchanged, because
 * the engine changes nothing when an operation fails and a load swaps its
 * heap in only when it is complete.
 *
 * Invariants: `step` and `length` are the worker's timeline's after the last
 * answered call (during a seek, as soon as the page has read the heap it
 * led to); the connection's mirror holds the timeline's operations
 * (the heap is rebuilt from them after a restart); `log` holds notes and
 * failed clicks anchored at a step <= length.
 */
export type AppStore = StoreApi<AppState>;

export function createAppStore(backend: HeapBackend): AppStore {
  return createStore<AppState>()((set, get) => {
    let seq = 0;
    const nextSeq = () => ++seq;

    const noteEntry = (text: string): LogEntry => ({ seq: nextSeq(), kind: 'note', text });
    /** Keeps the lines anchored at or before `upTo` operations, then appends. */
    const withLines = (log: readonly SessionLine[], upTo: number, ...lines: SessionLine[]): SessionLine[] => {
      const kept = log.filter((l) => l.anchor <= upTo);
      kept.push(...lines);
      return kept.length > LOG_LIMIT ? kept.slice(kept.length - LOG_LIMIT) : kept;
    };
    const note = (text: string, anchor = get().length): SessionLine => ({ anchor, entry: noteEntry(text) });
    const alert = (text: string) => set({ alert: { seq: nextSeq(), text } });

    /**
     * Sends a command, counting it as pending; a dead worker is reported by
     * workerDied, not here. The answer is handed back after the next paint:
     * the strip shows the change first, the rest of the page right after.
     */
    async function send<C extends Command>(command: C, { paintFirst = true } = {}) {
      set((s) => ({ pending: s.pending + 1 }));
      try {
        const reply = await backend.call(command);
        if (paintFirst) await backend.afterPaint();
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

    /** A click's reply: on success the timeline moved on (the future after the step it was made at is gone). */
    function record(reply: OpReply, stepBefore: number): void {
      const entry: LogEntry = { ...opEntry(reply), seq: nextSeq() };
      if (!reply.ok) {
        set((s) => ({ log: withLines(s.log, s.length, { anchor: s.step, entry }), failedClick: reply, alert: { seq: nextSeq(), text: entry.error ?? 'the operation failed' } }));
        return;
      }
      const mirror = backend.timeline();
      set((s) => {
        const cut = s.length > stepBefore;
        const selected = reply.op === 'free' ? (reply.start === null ? s.selected : { offset: reply.start }) : { id: reply.id };
        return {
          log: withLines(s.log, stepBefore, ...(cut ? [note(`clicked at step ${stepBefore}: the ${s.length - stepBefore} later operations were replaced`, stepBefore)] : [])),
          step: stepBefore + 1,
          length: mirror.length,
          metrics: reply.metrics,
          currentOp: reply,
          failedClick: null,
          selected,
          alert: null,
          trace: s.trace && cut ? { ...s.trace, edited: true } : s.trace,
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
      playback.stop();
      const { strategy, heapSize } = get();
      const reply = await send({ kind: 'init', strategy, heapSize });
      set({
        status: 'ready',
        statusReason: null,
        metrics: reply.metrics,
        step: reply.step,
        length: reply.length,
        currentOp: null,
        failedClick: null,
        trace: null,
        selected: null,
        alert: null,
        log: [note(noteText, 0)],
      });
    }

    const heapNote = (d: Pick<AppData, 'strategy' | 'heapSize'>) => `heap: ${d.strategy}, ${d.heapSize.toLocaleString('en-US')} bytes`;

    /** The latest seek target asked while one was in flight: scrubbing sends only the last. */
    let seekTarget: number | null = null;
    let seeking = false;

    /**
     * Seeks (the latest target wins); resolves after the frame that shows the
     * step is painted: the strip (drawn from the new heap) and the step's
     * numbers go to the screen in the same frame, the long lists after it.
     * The worker's milliseconds for the last seek sent, 0 when another call sends it.
     */
    async function seekNow(step: number): Promise<number> {
      seekTarget = step;
      if (seeking) return 0;
      seeking = true;
      let workMs = 0;
      // The step shows in the frame that shows its heap: taken from the heap as soon as the page reads it, when the
      // reply (which follows the heap by a millisecond) could miss that frame.
      const unsubscribe = backend.onHeapRead?.((position) => {
        if (get().step !== position.step || get().length !== position.length) set({ step: position.step, length: position.length });
      });
      try {
        while (seekTarget !== null) {
          const target = seekTarget;
          seekTarget = null;
          const reply = await send({ kind: 'seek', step: target }, { paintFirst: false });
          workMs = reply.workMs;
          set({ step: reply.step, length: reply.length, metrics: reply.metrics, currentOp: reply.op, failedClick: null });
        }
      } finally {
        seeking = false;
        unsubscribe?.();
      }
      await backend.afterPaint();
      return workMs;
    }

    /** How to read the loaded trace again (for another process). */
    let lastSource: { name: string; read: () => Promise<ArrayBuffer>; sample?: string } | null = null;

    const playback = new Playback({
      position: () => ({ step: get().step, length: get().length, speed: get().speed }),
      seek: (step) => seekNow(step),
      frame: () => backend.afterPaint(),
      stopped: () => set({ playing: false }),
    });

    return {
      ...initialData(),

      start: () =>
        guarded(async () => {
          set({ status: 'starting' });
          await init(heapNote(get()));
        }),

      alloc: () =>
        guarded(async () => {
          playback.stop();
          const { allocSize, step } = get();
          const reply = await send({ kind: 'alloc', size: allocSize });
          record(reply, step);
        }),

      free: () =>
        guarded(async () => {
          const id = selectedLiveId('free');
          if (id === null) return;
          playback.stop();
          const step = get().step;
          const reply = await send({ kind: 'free', id });
          record(reply, step);
        }),

      realloc: () =>
        guarded(async () => {
          const id = selectedLiveId('realloc');
          if (id === null) return;
          playback.stop();
          const { allocSize: size, step } = get();
          const reply = await send({ kind: 'realloc', id, size });
          record(reply, step);
        }),

      reset: () =>
        guarded(async () => {
          playback.stop();
          const reply = await send({ kind: 'reset' });
          set({
            metrics: reply.metrics,
            step: reply.step,
            length: reply.length,
            currentOp: null,
            failedClick: null,
            trace: null,
            selected: null,
            alert: null,
            log: [note('reset: the heap is empty', 0)],
          });
        }),

      setStrategy: (name) =>
        guarded(async () => {
          if (name === get().strategy) return;
          const source = get().trace !== null && !get().trace!.edited ? lastSource : null;
          set({ strategy: name });
          // A loaded trace is replayed with the new strategy; clicks start afresh.
          if (source) await get().loadTrace(source.name, source.read, { sample: source.sample, pid: get().trace?.pid ?? undefined, overrideStrategy: true });
          else await init(heapNote(get()));
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

      showAlert: (text) => alert(text),

      workerDied: (reason) => {
        playback.stop();
        set((s) => ({ status: 'crashed', statusReason: reason, loading: null, log: withLines(s.log, s.length, note(`worker stopped: ${reason}`)) }));
      },

      restartWorker: () =>
        guarded(async () => {
          const { strategy, heapSize, step } = get();
          const ops = sessionOps(backend);
          set({ status: 'starting', statusReason: null });
          backend.restart();
          await send({ kind: 'init', strategy, heapSize });
          if (ops.length > 0) await send({ kind: 'replay', ops });
          const reply = await send({ kind: 'seek', step: Math.min(step, ops.length) });
          set((s) => ({
            status: 'ready',
            metrics: reply.metrics,
            step: reply.step,
            length: reply.length,
            currentOp: reply.op,
            log: withLines(s.log, reply.length, note(`worker restarted: the heap was rebuilt from ${ops.length} operation${ops.length === 1 ? '' : 's'}`, reply.length)),
          }));
        }),

      replay: (ops) =>
        guarded(async () => {
          playback.stop();
          const reply = await send({ kind: 'replay', ops });
          set((s) => ({
            step: reply.step,
            length: reply.length,
            metrics: reply.metrics,
            currentOp: null,
            log: withLines(s.log, reply.length, note(`replayed ${reply.applied.toLocaleString('en-US')} operations (${reply.failed} failed)`, reply.length)),
          }));
        }),

      loadTrace: (name, read, options = {}) =>
        guarded(async () => {
          if (get().loading) {
            alert(`${name}: wait for ${get().loading!.name} to finish loading, or cancel it`);
            return;
          }
          playback.stop();
          set({ loading: { name, progress: null }, alert: null });
          try {
            const data = await read();
            const { strategy, heapSize } = get();
            const reply = await send({ kind: 'load', name, data, strategy, heapSize, pid: options.pid, overrideStrategy: options.overrideStrategy });
            if (!reply.ok) {
              if (reply.cancelled) set((s) => ({ log: withLines(s.log, s.length, note(`loading ${name} was cancelled: the heap is as it was`)) }));
              else alert(reply.error);
              return;
            }
            lastSource = { name, read, sample: options.sample };
            const state = reply.state;
            const lines: SessionLine[] = [
              note(
                `loaded ${name} (${reply.format}${reply.pid !== null ? `, pid ${reply.pid}` : ''}): ${state.length.toLocaleString('en-US')} operations on ${reply.strategy}, ${reply.heapSize.toLocaleString('en-US')} bytes` +
                  (reply.failed > 0 ? `; ${reply.failed.toLocaleString('en-US')} failed for want of memory (a larger heap size avoids that)` : ''),
                0,
              ),
              ...reply.warnings.slice(0, 20).map((w) => note(w, 0)),
            ];
            const scenario = reply.scenario;
            set({
              strategy: reply.strategy,
              heapSize: reply.heapSize,
              metrics: state.metrics,
              step: state.step,
              length: state.length,
              currentOp: null,
              failedClick: null,
              selected: scenario?.selected ?? null,
              trace: { name, format: reply.format, processes: reply.processes, pid: reply.pid, sample: options.sample ?? null, edited: false, scenario },
              log: lines,
            });
          } finally {
            set({ loading: null });
          }
        }),

      loadSample: (file) =>
        get().loadTrace(
          file,
          async () => {
            const response = await fetch(`traces/${encodeURIComponent(file)}`);
            if (!response.ok) throw new Error(`${file}: the sample could not be fetched (HTTP ${response.status})`);
            return response.arrayBuffer();
          },
          { sample: file },
        ),

      cancelLoad: () =>
        guarded(async () => {
          if (!get().loading) return;
          await backend.call({ kind: 'cancel-load' });
        }),

      choosePid: (pid) =>
        guarded(async () => {
          if (!lastSource || get().trace?.pid === pid) return;
          await get().loadTrace(lastSource.name, lastSource.read, { sample: lastSource.sample, pid });
        }),

      seek: (step) =>
        guarded(async () => {
          const target = Math.max(0, Math.min(get().length, Math.round(step)));
          await seekNow(target);
        }),

      stepBy: (delta) =>
        guarded(async () => {
          playback.stop();
          const base = seekTarget ?? get().step;
          await seekNow(Math.max(0, Math.min(get().length, base + delta)));
        }),

      play: () => {
        if (get().playing || get().status !== 'ready') return;
        if (get().step >= get().length) {
          if (get().length === 0) return;
          void seekNow(0);
        }
        set({ playing: true });
        playback.start();
      },

      pause: () => playback.stop(),

      setSpeed: (speed) => set({ speed }),

      timelineChanged: () => set((s) => ({ timelineRevision: s.timelineRevision + 1 })),

      loadProgressed: (progress) => set((s) => (s.loading ? { loading: { ...s.loading, progress } } : {})),
    };
  });
}

/** The timeline's operations as the worker's replay command takes them. O(length). */
function sessionOps(backend: HeapBackend): SessionOp[] {
  const ops = backend.timeline().ops;
  const out: SessionOp[] = new Array(ops.length);
  for (let i = 0; i < ops.length; i++) out[i] = { op: OP_NAMES[ops.kind[i]], id: ops.id[i], size: ops.size[i] };
  return out;
}
