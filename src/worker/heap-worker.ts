import { HeapSession } from './heap-session.ts';
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
const session = new HeapSession((message, transfer) => scope.postMessage(message, transfer), shared);

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.command.kind === 'debug-crash') {
    // Thrown outside any call's try: the page sees the worker's error event, as for a real crash.
    throw new Error('the heap worker was asked to crash (debug-crash)');
  }
  session.receive(message);
});

scope.postMessage({ type: 'hello', shared }, []);
