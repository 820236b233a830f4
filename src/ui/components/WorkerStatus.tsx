import { useDelayedFlag } from '../hooks/use-delayed-flag.ts';
import { useHeapPicture } from '../hooks/use-heap-picture.ts';
import { useApp, useServices } from '../store/use-app.ts';

/** How long the worker may work before the status says so. */
export const BUSY_AFTER_MS = 200;

/** The worker's state and how the page reads the heap (shared memory, or snapshots when not cross-origin isolated). */
export function WorkerStatus() {
  const status = useApp((s) => s.status);
  const busy = useDelayedFlag(useApp((s) => s.pending > 0), BUSY_AFTER_MS);
  const { connection } = useServices();
  useHeapPicture();
  const mode = connection.isolation();
  const label = status === 'ready' ? (busy ? 'working…' : 'worker ready') : status === 'starting' ? 'starting…' : 'worker stopped';
  return (
    <div className="status-group">
      <span
        className={`badge ${mode === 'shared' ? 'badge-ok' : 'badge-warn'}`}
        data-testid="isolation"
        data-mode={mode ?? ''}
        title={
          mode === 'shared'
            ? 'Cross-origin isolated: the page reads the heap the worker writes, in a SharedArrayBuffer'
            : 'Not cross-origin isolated: the worker sends a snapshot of the heap with each change'
        }
      >
        {mode === 'shared' ? 'shared memory' : mode === 'snapshot' ? 'not isolated: snapshots' : '…'}
      </span>
      <span className={`status status-${status}`} data-testid="worker-status" data-state={status}>
        <span className="status-dot" aria-hidden="true" />
        {label}
      </span>
    </div>
  );
}
