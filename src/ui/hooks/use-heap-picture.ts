import { useDeferredValue, useSyncExternalStore } from 'react';
import type { HeapPicture } from '../heap/heap-picture.ts';
import { useServices } from '../store/use-app.ts';

/**
 * The heap picture of the latest version, for the lists and the inspector
 * (never the strip): they re-render after the frame that shows the change is
 * painted, so their DOM work never delays it.
 */
export function useHeapPicture(): HeapPicture | null {
  const { connection } = useServices();
  const reader = connection.reader;
  return useSyncExternalStore(
    (listener) => reader.subscribeAfterPaint(listener),
    () => reader.current(),
  );
}

/**
 * The picture for the long DOM lists (blocks, free list, log, inspector):
 * deferred, so that React renders them in the background, after the frame
 * that shows the step, and skips the pictures a fast scrub or a playback
 * has already left behind. Layout of those lists is the costliest part of a
 * step on the page.
 */
export function useDeferredHeapPicture(): HeapPicture | null {
  return useDeferredValue(useHeapPicture());
}
