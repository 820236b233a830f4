import { TimelineMirror } from '../../core/timeline/timeline-mirror.ts';
import type { Command, LoadProgress, ReplyTo } from '../../worker/protocol.ts';
import { HeapClient, type WorkerEndpoint } from '../../worker/heap-client.ts';
import { nextPaint } from '../after-paint.ts';
import type { HeapPicture } from './heap-picture.ts';
import { HeapReader, type TimelinePosition } from './heap-reader.ts';

/**
 * The page's link to its heap: one worker at a time (a new one replaces a
 * dead one), its client, and the reader of its memory. This is the backend
 * the store calls.
 */
export interface HeapBackend {
  call<C extends Command>(command: C): Promise<ReplyTo<C>>;
  /** Gives up the current worker (if any) and starts a new one, with no heap yet. */
  restart(): void;
  /** The picture of the heap's latest version (read now if the version moved). */
  picture(): HeapPicture | null;
  /** How the page reads the heap: shared memory, or snapshots; null before the first heap. */
  isolation(): 'shared' | 'snapshot' | null;
  /** Resolves after the next frame is painted (the strip shows a change before the lists do). */
  afterPaint(): Promise<void>;
  /** The page's copy of the timeline's operations and measures. */
  timeline(): TimelineMirror;
  /**
   * Optional: calls `listener` with the timeline's step and length each time
   * the page reads a new heap that carries them (shared memory), before the
   * strip draws it and before the worker's reply. The unsubscribe.
   */
  onHeapRead?(listener: (position: TimelinePosition) => void): () => void;
}

export interface ConnectionEvents {
  onDeath(reason: string): void;
  /** The mirror took a delta. */
  onTimeline?(): void;
  onProgress?(progress: LoadProgress): void;
}

export class HeapConnection implements HeapBackend {
  readonly reader = new HeapReader();
  readonly mirror = new TimelineMirror();
  private client: HeapClient | null = null;

  constructor(
    private readonly spawn: () => WorkerEndpoint,
    private readonly events: ConnectionEvents,
  ) {
    this.reader.busy = () => (this.client?.pendingCalls ?? 0) > 0;
  }

  call<C extends Command>(command: C): Promise<ReplyTo<C>> {
    if (!this.client) this.restart();
    // A seek lists the free blocks the strip draws on their own: its first frame reads none of the others.
    const bound = command.kind === 'seek' && command.wideFrom === undefined ? this.reader.mergeBound() : 0;
    if (bound > 0) return this.client!.call({ ...command, wideFrom: Math.max(1, Math.floor(bound)) });
    return this.client!.call(command);
  }

  restart(): void {
    this.client?.dispose();
    this.reader.detach();
    this.client = new HeapClient(this.spawn(), {
      onMemory: (view) => this.reader.attach(view),
      onTimeline: (delta) => {
        this.mirror.apply(delta);
        this.events.onTimeline?.();
      },
      onProgress: (progress) => this.events.onProgress?.(progress),
      onDeath: (reason) => this.events.onDeath(reason),
    });
  }

  /** The whole picture of the heap as it is now. */
  picture(): HeapPicture | null {
    this.reader.refresh();
    return this.reader.wholeNow();
  }

  isolation(): 'shared' | 'snapshot' | null {
    return this.reader.isolation;
  }

  afterPaint(): Promise<void> {
    return nextPaint();
  }

  timeline(): TimelineMirror {
    return this.mirror;
  }

  onHeapRead(listener: (position: TimelinePosition) => void): () => void {
    return this.reader.subscribe(() => {
      const position = this.reader.position();
      if (position) listener(position);
    });
  }

  /** Test hook: makes the worker crash (the page must survive it). */
  crashWorker(): void {
    void this.client?.call({ kind: 'debug-crash' }).catch(() => undefined);
  }
}

/** A module Web Worker running the heap (heap-worker.ts). */
export function spawnHeapWorker(): WorkerEndpoint {
  return new Worker(new URL('../../worker/heap-worker.ts', import.meta.url), { type: 'module', name: 'heap' }) as unknown as WorkerEndpoint;
}
