import { memo } from 'react';
import { describeEntry } from '../log/describe-entry.ts';
import type { LogEntry, Radix } from '../store/app-state.ts';

/** One line of the event log (re-renders only when its entry or the display options change). */
export const LogRow = memo(function LogRow({ entry, radix, heapSize, listNames }: { entry: LogEntry; radix: Radix; heapSize: number; listNames: readonly string[] }) {
  const op = entry.kind === 'op' ? entry : null;
  return (
    <li
      data-testid="event"
      data-kind={entry.kind}
      data-op={op?.op}
      data-id={op?.id}
      data-size={op && op.op !== 'free' ? op.size : undefined}
      data-offset={op && op.offset !== null ? op.offset : undefined}
      data-ok={op ? String(op.ok) : undefined}
      className={!op ? 'note' : op.ok ? `op op-${op.op}` : 'op failed'}
    >
      {describeEntry(entry, { radix, heapSize, listNames })}
    </li>
  );
});
