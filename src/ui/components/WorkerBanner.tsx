import { useApp } from '../store/use-app.ts';

/** Shown when the worker died: why, and a restart that rebuilds the heap from the operations done so far. */
export function WorkerBanner() {
  const status = useApp((s) => s.status);
  const reason = useApp((s) => s.statusReason);
  const ops = useApp((s) => s.length);
  const restart = useApp((s) => s.restartWorker);
  if (status !== 'crashed') return null;
  return (
    <div className="worker-banner" role="alert" data-testid="worker-crashed">
      <strong>The heap worker stopped.</strong> <span>{reason}</span>
      <button type="button" className="primary" data-testid="restart-worker" onClick={() => void restart()}>
        Restart worker and rebuild the heap ({ops} operation{ops === 1 ? '' : 's'})
      </button>
    </div>
  );
}
