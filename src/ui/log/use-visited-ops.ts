import { useEffect, useState } from 'react';
import type { AppState } from '../store/app-state.ts';
import { useServices } from '../store/use-app.ts';
import { opEntry } from './describe-entry.ts';
import { VisitedOps } from './visited-ops.ts';

/**
 * The cache of visited operations, filled from the store's `currentOp` (the
 * reply for the operation that led to the current step: a click's, a
 * seek's). It listens to the store itself, not through renders, so that it
 * sees every change of the timeline one by one (each mirror change is
 * followed at once by `timelineRevision`) and every reply, however the
 * renders are batched. The component re-renders on `currentOp` and
 * `timelineRevision`, after the cache has taken them.
 */
export function useVisitedOps(): VisitedOps {
  const { store, connection } = useServices();
  const [visited] = useState(() => new VisitedOps());
  useEffect(() => {
    const mirror = connection.mirror;
    const observe = (state: AppState, previous: AppState | null) => {
      visited.follow(mirror.revision, mirror.lastFrom);
      const reply = state.currentOp;
      if (reply !== null && reply !== previous?.currentOp && state.step > 0) visited.put(state.step, opEntry(reply));
    };
    observe(store.getState(), null);
    return store.subscribe(observe);
  }, [store, connection, visited]);
  return visited;
}
