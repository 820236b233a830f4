import { useApp } from '../store/use-app.ts';

/** A load under way: what is read or replayed, how far, and a way out. */
export function LoadProgressBar() {
  const loading = useApp((s) => s.loading);
  const cancel = useApp((s) => s.cancelLoad);
  if (!loading) return null;
  const p = loading.progress;
  const what = p === null ? 'reading' : p.phase === 'read' ? 'reading' : 'replaying';
  const unit = p?.phase === 'build' ? 'operations' : 'bytes';
  return (
    <div className="load-progress" role="status" aria-live="polite">
      <span className="load-name">
        {what} {loading.name}
      </span>
      <progress data-testid="load-progress" max={p?.total || 1} value={p ? p.done : undefined} aria-label={`${what} ${loading.name}`} />
      {p && (
        <span className="muted small">
          {p.done.toLocaleString('en-US')} / {p.total.toLocaleString('en-US')} {unit}
        </span>
      )}
      <button type="button" className="text-button" data-testid="cancel-load" onClick={() => void cancel()}>
        Cancel
      </button>
    </div>
  );
}
