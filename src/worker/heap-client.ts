import type { TimelineDelta } from '../core/timeline/timeline-delta.ts';
import type { Command, CommandMessage, LoadProgress, MemoryView, ReplyTo, WorkerMessage } from './protocol.ts';
import { CALL_TIMEOUT_MS, LOAD_TIMEOUT_MS, REPLAY_TIMEOUT_MS } from './protocol.ts';

/**
 * The page's side of the heap worker: typed calls with a timeout. When the
 * worker dies (an error event, a call that times out, or `kill`) every
 * pending call is rejected with {@link WorkerDied} and later calls fail at
 * once; the owner is told once, through `onDeath`.
 *
 * Invariants: each call settles exactly once; after death no message from
 * the worker is acted on.
 */

/** What the client needs of a worker: a Web Worker, or a test's in-process fake. */
export interface WorkerEndpoint {
  postMessage(message: CommandMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { readonly data: WorkerMessage }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

export interface ClientHandlers {
  /** New buffers (shared mode) or a snapshot of the heap (fallback mode); always before the reply it precedes. */
  onMemory(view: MemoryView): void;
  /** The timeline's operations changed (always before the reply of the call that changed them). */
  onTimeline?(delta: TimelineDelta): void;
  /** A load under way reports how far it got. */
  onProgress?(progress: LoadProgress): void;
  /** The worker runs; `shared`: it shares its buffers. */
  onHello?(shared: boolean): void;
  /** The worker is gone; `reason` is a sentence for the user. Called once. */
  onDeath(reason: string): void;
}

/** A call failed because the worker died (or was given up). */
export class WorkerDied extends Error {
  override readonly name = 'WorkerDied';
}

/** The engine threw inside the worker while running a call. */
export class WorkerCallFailed extends Error {
  override readonly name = 'WorkerCallFailed';
}

interface Pending {
  readonly kind: Command['kind'];
  readonly resolve: (reply: never) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class HeapClient {
  private readonly pending = new Map<number, Pending>();
  private nextCall = 1;
  private deathReason: string | null = null;

  constructor(
    private readonly endpoint: WorkerEndpoint,
    private readonly handlers: ClientHandlers,
  ) {
    endpoint.addEventListener('message', (event) => this.onMessage(event.data));
    endpoint.addEventListener('error', (event) => this.kill(`the heap worker crashed${event.message ? `: ${event.message}` : ''}`));
    endpoint.addEventListener('messageerror', () => this.kill('the heap worker sent a message that could not be read'));
  }

  get alive(): boolean {
    return this.deathReason === null;
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Sends a command; its reply, or a rejection (WorkerDied, WorkerCallFailed). */
  call<C extends Command>(command: C, timeoutMs = timeoutFor(command)): Promise<ReplyTo<C>> {
    if (this.deathReason !== null) return Promise.reject(new WorkerDied(this.deathReason));
    const call = this.nextCall++;
    return new Promise<ReplyTo<C>>((resolve, reject) => {
      const timer = setTimeout(() => this.kill(`the heap worker did not answer "${command.kind}" within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
      this.pending.set(call, { kind: command.kind, resolve: resolve as (reply: never) => void, reject, timer });
      // A load's file is handed over, not copied.
      const transfer = command.kind === 'load' ? [command.data] : [];
      this.endpoint.postMessage({ type: 'command', call, command }, transfer);
    });
  }

  /** Gives the worker up: terminates it and rejects every pending call. Idempotent. */
  kill(reason: string): void {
    if (this.deathReason !== null) return;
    this.deathReason = reason;
    this.endpoint.terminate();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new WorkerDied(reason));
    }
    this.pending.clear();
    this.handlers.onDeath(reason);
  }

  /** Ends the client quietly (the page replaces the worker): pending calls are rejected, onDeath is not called. */
  dispose(): void {
    if (this.deathReason !== null) return;
    this.deathReason = 'the heap worker was replaced';
    this.endpoint.terminate();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new WorkerDied(this.deathReason));
    }
    this.pending.clear();
  }

  private onMessage(message: WorkerMessage): void {
    if (this.deathReason !== null) return;
    switch (message.type) {
      case 'hello':
        this.handlers.onHello?.(message.shared);
        return;
      case 'memory':
        this.handlers.onMemory(message.view);
        return;
      case 'timeline':
        this.handlers.onTimeline?.(message.delta);
        return;
      case 'progress':
        this.handlers.onProgress?.(message.progress);
        return;
      case 'reply':
      case 'failed': {
        const p = this.pending.get(message.call);
        if (!p) return;
        this.pending.delete(message.call);
        clearTimeout(p.timer);
        if (message.type === 'reply') p.resolve(message.reply as never);
        else p.reject(new WorkerCallFailed(`${p.kind} failed inside the heap worker: ${message.message}`));
        return;
      }
    }
  }
}

function timeoutFor(command: Command): number {
  if (command.kind === 'load') return LOAD_TIMEOUT_MS;
  return command.kind === 'replay' ? REPLAY_TIMEOUT_MS : CALL_TIMEOUT_MS;
}
