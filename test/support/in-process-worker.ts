import { HeapSession } from '../../src/worker/heap-session.ts';
import type { WorkerEndpoint } from '../../src/worker/heap-client.ts';
import type { CommandMessage, WorkerMessage } from '../../src/worker/protocol.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (event: any) => void;

/**
 * A heap worker inside the test's own thread: the real HeapSession behind
 * the same endpoint a Web Worker offers, each message delivered in a later
 * task as postMessage does. `hang` stops answering; `crash` fires `error`.
 */
export class InProcessWorker implements WorkerEndpoint {
  readonly session: HeapSession;
  private readonly listeners = new Map<string, Listener[]>();
  terminated = false;
  hanging = false;
  readonly sent: CommandMessage[] = [];
  readonly received: WorkerMessage[] = [];

  constructor(shared = true) {
    this.session = new HeapSession((message) => this.deliver(message), shared);
  }

  postMessage(message: CommandMessage): void {
    this.sent.push(message);
    setTimeout(() => {
      if (this.terminated || this.hanging) return;
      if (message.command.kind === 'debug-crash') {
        this.emit('error', { message: 'the heap worker was asked to crash (debug-crash)' });
        return;
      }
      this.session.receive(message);
    }, 0);
  }

  addEventListener(type: string, listener: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  terminate(): void {
    this.terminated = true;
  }

  private deliver(message: WorkerMessage): void {
    // A structured clone would copy an ArrayBuffer; sharing it here is the same as transferring it.
    setTimeout(() => {
      if (this.terminated) return;
      this.received.push(message);
      this.emit('message', { data: message });
    }, 0);
  }

  private emit(type: string, event: { data?: WorkerMessage; message?: string }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
