import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useElementSize } from '../hooks/use-element-size.ts';
import { useDeferredHeapPicture } from '../hooks/use-heap-picture.ts';
import { describeEntry, type DescribeOptions } from '../log/describe-entry.ts';
import { LogRows } from '../log/log-rows.ts';
import { maxScrollTop, rowWindow, scrollToReveal, spacerHeight, type ListGeometry } from '../log/log-viewport.ts';
import { timelineEntry } from '../log/timeline-entry.ts';
import { useVisitedOps } from '../log/use-visited-ops.ts';
import { useApp, usePaintedApp, useServices } from '../store/use-app.ts';
import { LogRow } from './LogRow.tsx';
import { Panel } from './Panel.tsx';

/** Height of a row in CSS pixels (the stylesheet's `.log li`). */
export const LOG_ROW_HEIGHT = 18;
/** Rows rendered past each edge of the view. */
const OVERSCAN = 4;
/** Lines up to which the whole log is in the document: each line more costs every later step a row of layout. */
const WHOLE_UP_TO = 64;

/**
 * The allocator's debug output over the whole timeline: one row per
 * operation (read from the connection's mirror), the session's notes and
 * failed clicks between them. Virtualised: only the rows in view and a few
 * more are in the document, over a spacer as tall as the list, so a million
 * operations scroll like ten. The log follows the timeline: the operation
 * that led to the current step is marked and scrolled into view when the
 * step changes; at the end of the timeline the log sits at its bottom, so
 * its last row is the newest line. A click on an operation seeks after it.
 */
export function EventLog() {
  const { connection } = useServices();
  const mirror = connection.mirror;
  // The log follows the timeline as of the last painted frame: one frame behind the strip and the step, never holding them up.
  const log = usePaintedApp((s) => s.log);
  const step = usePaintedApp((s) => s.step);
  // The mirror changed, or a reply brought an operation's details: read again.
  usePaintedApp((s) => s.timelineRevision);
  usePaintedApp((s) => s.currentOp);
  const radix = useApp((s) => s.radix);
  const heapSize = useApp((s) => s.heapSize);
  const seek = useApp((s) => s.seek);
  const visited = useVisitedOps();
  const picture = useDeferredHeapPicture();
  const headerBytes = picture?.headerBytes ?? 0;
  const namesKey = picture ? picture.free.names.join('\n') : '';
  const options = useMemo<DescribeOptions>(() => ({ radix, heapSize, listNames: namesKey.split('\n') }), [radix, heapSize, namesKey]);

  const opCount = mirror.length;
  const rows = useMemo(() => new LogRows(opCount, log), [opCount, log]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(scrollRef);
  const geometry: ListGeometry = { rows: rows.total, rowHeight: LOG_ROW_HEIGHT, viewHeight: height };
  const currentOp = step > 0 && step <= opCount ? step - 1 : -1;
  const currentRow = currentOp >= 0 ? rows.rowOfOp(currentOp) : -1;

  // The scroll position the rows are drawn for; the layout effect below puts it in the box.
  const [scrollTop, setScrollTop] = useState(0);
  const boxScrollTop = useRef(0);
  /** Set when this component scrolled the box, until its scroll event. */
  const ownScroll = useRef(false);

  // Follow the timeline when the step, the rows or the view change (state adjusted while rendering, not in an effect).
  const [followed, setFollowed] = useState({ step: -1, total: -1, height: -1 });
  if (followed.step !== step || followed.total !== rows.total || followed.height !== height) {
    setFollowed({ step, total: rows.total, height });
    if (height > 0 && rows.total > 0) {
      const target = step >= opCount ? maxScrollTop(geometry) : scrollToReveal(Math.max(0, currentRow), scrollTop, geometry);
      if (target !== null && target !== scrollTop) setScrollTop(target);
    }
  }

  // Put in the box at commit (this lays the page out at once, in the background render, not in the strip's next frame).
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box || Math.abs(boxScrollTop.current - scrollTop) < 0.5) return;
    box.scrollTop = scrollTop;
    boxScrollTop.current = scrollTop;
    ownScroll.current = true;
  }, [scrollTop]);

  // A short log is in the document whole (find in page, screen readers); a long one only around the view.
  const shown = rowWindow(scrollTop, geometry, rows.total <= WHOLE_UP_TO ? rows.total : OVERSCAN);
  const items: ReactNode[] = [];
  for (let r = shown.first; r < shown.end; r++) {
    const ref = rows.at(r);
    if (ref.kind === 'op') {
      const i = ref.op;
      const entry = timelineEntry(mirror, i, headerBytes, visited.get(i + 1));
      items.push(
        <LogRow
          key={`op${i}`}
          kind="op"
          op={entry.op}
          id={entry.id}
          size={entry.size}
          offset={entry.offset ?? undefined}
          ok={entry.ok}
          step={i + 1}
          text={describeEntry(entry, options)}
          current={i === currentOp}
          onSeek={seek}
        />,
      );
    } else {
      const entry = ref.line.entry;
      const op = entry.kind === 'op' ? entry : null;
      items.push(
        <LogRow
          key={`line${entry.seq}`}
          kind={entry.kind}
          op={op?.op}
          id={op?.id}
          size={op?.size}
          offset={op?.offset ?? undefined}
          ok={op?.ok}
          text={describeEntry(entry, options)}
          current={false}
          onSeek={seek}
        />,
      );
    }
  }

  return (
    <Panel title="Event log" extra={<span className="panel-count">{rows.total.toLocaleString('en-US')} lines</span>} className="log-panel">
      <div
        className="scroll log-scroll"
        ref={scrollRef}
        tabIndex={0}
        aria-label="event log lines"
        onScroll={(e) => {
          // The event of our own scroll: reading scrollTop now would lay the page out again.
          if (ownScroll.current) {
            ownScroll.current = false;
            return;
          }
          boxScrollTop.current = e.currentTarget.scrollTop;
          setScrollTop(e.currentTarget.scrollTop);
        }}
      >
        <div className="log-spacer" style={{ height: spacerHeight(geometry) }}>
          <ol className="log" data-testid="log" start={shown.first + 1} style={{ transform: `translateY(${shown.top}px)` }}>
            {items}
          </ol>
        </div>
      </div>
    </Panel>
  );
}
