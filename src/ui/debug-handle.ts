import type { SessionOp } from '../worker/protocol.ts';
import type { AppServices } from './store/use-app.ts';

/**
 * `window.lulu`: the page's services for the console, the end-to-end tests and
 * the benchmark (crash the worker, generate a big heap, read the strip's
 * draw times). Nothing in the page depends on it.
 */
export interface DebugHandle {
  readonly services: AppServices;
  /** Makes the heap worker crash. */
  crashWorker(): void;
  /** Applies operations in one worker call. */
  replay(ops: readonly SessionOp[]): Promise<void>;
  /** Client coordinates of byte `offset` on the strip (null when not in view). */
  stripPoint(offset: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    lulu?: DebugHandle;
  }
}

export function installDebugHandle(services: AppServices): void {
  window.lulu = {
    services,
    crashWorker: () => services.connection.crashWorker(),
    replay: (ops) => services.store.getState().replay(ops),
    stripPoint: (offset) => services.strip.current?.clientPointOf(offset) ?? null,
  };
}
