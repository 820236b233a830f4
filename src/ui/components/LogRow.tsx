import { memo } from 'react';
import type { OpKind } from '../../core/driver.ts';

export interface LogRowProps {
  readonly kind: 'op' | 'note';
  /** For an operation: what it was, its block, size and outcome. */
  readonly op?: OpKind;
  readonly id?: number;
  readonly size?: number;
  /** Payload offset, when the operation succeeded with one. */
  readonly offset?: number;
  readonly ok?: boolean;
  /** For an operation of the timeline: the step it leads to (a click seeks there). */
  readonly step?: number;
  readonly text: string;
  /** The operation that led to the current step. */
  readonly current: boolean;
  readonly onSeek: (step: number) => void;
}

/**
 * One line of the event log (rows have one fixed height: the stylesheet's
 * `.log li`, LOG_ROW_HEIGHT). Its data attributes are the page's contract (CONTRACT.md: `event`).
 * Re-renders only when one of its own values changes.
 */
export const LogRow = memo(function LogRow({ kind, op, id, size, offset, ok, step, text, current, onSeek }: LogRowProps) {
  const isOp = kind === 'op';
  const className = [!isOp ? 'note' : ok ? `op op-${op}` : 'op failed', step !== undefined ? 'seekable' : '', current ? 'current' : ''].filter(Boolean).join(' ');
  return (
    <li
      data-testid="event"
      data-kind={kind}
      data-op={isOp ? op : undefined}
      data-id={isOp ? id : undefined}
      data-size={isOp && op !== 'free' ? size : undefined}
      data-offset={isOp ? offset : undefined}
      data-ok={isOp ? String(ok) : undefined}
      data-step={step}
      data-current={current ? 'true' : undefined}
      aria-current={current ? 'step' : undefined}
      className={className}
      title={text}
      onClick={step !== undefined ? () => onSeek(step) : undefined}
    >
      {text}
    </li>
  );
});
