import { useSyncExternalStore } from 'react';
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
