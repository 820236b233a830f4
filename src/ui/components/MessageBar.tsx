import { describeEntry, opEntry } from '../log/describe-entry.ts';
import { useApp, usePaintedApp } from '../store/use-app.ts';

/**
 * The line under the operations: a user's error (bad size, out of memory,
 * nothing to free) as a role="alert" message until the next action, else the
 * last thing the allocator did. Always one line tall, so nothing jumps.
 */
export function MessageBar() {
  const alert = useApp((s) => s.alert);
  const dismiss = useApp((s) => s.dismissAlert);
  const last = usePaintedApp((s) => s.currentOp ?? (s.log.length > 0 ? s.log[s.log.length - 1].entry : null));
  const radix = useApp((s) => s.radix);
  const heapSize = useApp((s) => s.heapSize);
  return (
    <div className="messagebar">
      {alert ? (
        <div className="alert" role="alert" key={alert.seq}>
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <span className="alert-text">{alert.text}</span>
          <span className="alert-note">the heap is unchanged</span>
          <button type="button" className="alert-close" aria-label="dismiss" onClick={dismiss}>
            ×
          </button>
        </div>
      ) : (
        last && (
          <div className="last-event" title="the last thing the allocator did (the event log has them all)">
            <span className="last-label">last</span>
            {describeEntry('kind' in last ? last : opEntry(last), { radix, heapSize })}
          </div>
        )
      )}
    </div>
  );
}
