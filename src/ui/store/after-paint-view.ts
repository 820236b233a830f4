import { afterNextPaint } from '../after-paint.ts';

/** The part of a store a view needs: read, and hear of changes. */
export interface ReadableStore<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}

/**
 * A store's state as of the last painted frame: it follows `store` one frame
 * behind, catching up after the frame that shows a change. For the panels
 * that follow the timeline (the log, the chart's marker, the measures):
 * the strip and the step reach the screen first, in a frame of their own,
 * and these panels' rendering and layout never delay it. A fast scrub or a
 * playback skips the states no frame showed. O(1) a change; one
 * notification a frame at most.
 */
export function afterPaintView<S>(store: ReadableStore<S>): ReadableStore<S> {
  let state = store.getState();
  let pending = false;
  const listeners = new Set<() => void>();
  store.subscribe(() => {
    if (pending) return;
    pending = true;
    afterNextPaint(() => {
      pending = false;
      const next = store.getState();
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    });
  });
  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
