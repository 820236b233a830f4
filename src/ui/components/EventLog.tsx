import { useMemo } from 'react';
import { useHeapPicture } from '../hooks/use-heap-picture.ts';
import { useApp } from '../store/use-app.ts';
import { LogRow } from './LogRow.tsx';
import { Panel } from './Panel.tsx';

/** Rows rendered (the newest); a log virtualised for millions of rows is a later issue. */
export const LOG_ROWS_SHOWN = 1_000;

/**
 * The allocator's debug output, one line per operation, newest at the
 * bottom. The scroll box is a reversed column, so it stays at the bottom by
 * itself (no scroll position to set, no forced layout).
 */
export function EventLog() {
  const log = useApp((s) => s.log);
  const radix = useApp((s) => s.radix);
  const heapSize = useApp((s) => s.heapSize);
  const picture = useHeapPicture();
  const namesKey = picture ? picture.lists.map((l) => l.name).join('\n') : '';
  const listNames = useMemo(() => namesKey.split('\n'), [namesKey]);
  const shown = log.length > LOG_ROWS_SHOWN ? log.slice(log.length - LOG_ROWS_SHOWN) : log;
  return (
    <Panel title="Event log" extra={<span className="panel-count">{log.length} lines</span>} className="log-panel">
      <div className="scroll log-scroll">
        <ol className="log" data-testid="log" aria-live="polite">
          {log.length > shown.length && <li className="muted small">… {log.length - shown.length} earlier lines</li>}
          {shown.map((entry) => (
            <LogRow key={entry.seq} entry={entry} radix={radix} heapSize={heapSize} listNames={listNames} />
          ))}
        </ol>
      </div>
    </Panel>
  );
}
