import type { RestoreHelper } from '../core/timeline/restore-job.ts';
import { HeapSession } from './heap-session.ts';
import { CONTROL_WORDS, ThreadRestoreHelper } from './restore-thread.ts';
import type { CommandMessage, Transfer, WorkerMessage } from './protocol.ts';

/**
 * The heap worker's entry: a module Web Worker that owns the heap. Shares its
 * buffers with the page where the page is cross-origin isolated, else sends
 * snapshots. Everything else is in HeapSession, which runs without a worker.
 */

interface WorkerScope {
  readonly crossOriginIsolated?: boolean;
  postMessage(message: WorkerMessage, transfer: Transfer[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CommandMessage>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const shared = typeof SharedArrayBuffer === 'function' && scope.crossOriginIsolated === true;

/** A nested worker that runs part of each restore (restore-thread.ts), where memory is shared and workers nest. */
function startRestoreHelper(): RestoreHelper | undefined {
  if (!shared || typeof Worker !== 'function') return undefined;
  try {
    const helper = new Worker(new URL('./restore-helper-worker.ts', import.meta.url), { type: 'module', name: 'heap-restore' });
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    helper.postMessage(control);
    return new ThreadRestoreHelper(control, (message) => helper.postMessage(message));
  } catch {
    return undefined;
  }
}

const session = new HeapSession((message, transfer) => scope.postMessage(message, transfer), shared, startRestoreHelper());

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.command.kind === 'debug-crash') {
    // Thrown outside any call's try: the page sees the worker's error event, as for a real crash.
    throw new Error('the heap worker was asked to crash (debug-crash)');
  }
  session.receive(message);
});

scope.postMessage({ type: 'hello', shared }, []);
