import { FAST_BAD_SIZE, FAST_ID_IN_USE, FAST_NOT_LIVE, FAST_NULL, FAST_OUT_OF_MEMORY } from '../../core/driver.ts';
import { describeError } from '../../core/failure.ts';
import type { TimelineMirror } from '../../core/timeline/timeline-mirror.ts';
import { OP_NAMES } from '../../core/trace/op-list.ts';
import type { LogEntry } from '../store/app-state.ts';

/**
 * The log entry of one operation of the timeline, read from the page's
 * mirror: what the operation was and how it ended. The mirror holds no
 * events (what the allocator did), so a row shows them only when the
 * worker's reply for that operation was seen (`details`, the cache of
 * visited operations). O(1), or O(events) with details.
 */

/** A log entry of an operation. */
export type OpLogEntry = Extract<LogEntry, { kind: 'op' }>;

/** The columns of the mirror that an operation's row reads. */
export type TimelineColumns = Pick<TimelineMirror, 'ops' | 'result' | 'length'>;

/** Why an operation failed, from its fast-path code (the reply, when seen, says more). */
export function failureReason(code: number, size: number, id: number): string {
  switch (code) {
    case FAST_OUT_OF_MEMORY:
      return 'out of memory';
    case FAST_BAD_SIZE: {
      // The driver takes whole sizes from 1 to the heap size: what is left of a bad one is too large.
      const why = !Number.isInteger(size) ? 'not-integer' : size === 0 ? 'zero' : size < 0 ? 'negative' : 'larger-than-heap';
      return describeError({ code: 'bad-size', size, why });
    }
    case FAST_NOT_LIVE:
      return `block #${id} is not live (never allocated, or already freed)`;
    case FAST_ID_IN_USE:
      return describeError({ code: 'id-in-use', id });
    default:
      return `failed (code ${code})`;
  }
}

/**
 * Whether `details` (a reply's entry) is about operation `op` of the
 * timeline as it is now: same operation, block and outcome.
 */
export function detailsMatch(columns: TimelineColumns, op: number, details: LogEntry): details is OpLogEntry {
  if (details.kind !== 'op') return false;
  const code = columns.result[op + 1];
  if (details.op !== OP_NAMES[columns.ops.kind[op]] || details.id !== columns.ops.id[op]) return false;
  if (code >= 0) return details.ok && details.offset === code;
  if (code === FAST_NULL) return details.ok && details.offset === null;
  return !details.ok;
}

/**
 * Operation `op` (0..length-1) as a log line: its kind, block and size from
 * the op columns, its outcome from `result[op + 1]` (a payload offset, or a
 * FAST_* code). `details`, the reply seen for it, adds its events and the
 * full reason of a failure when it matches.
 */
export function timelineEntry(columns: TimelineColumns, op: number, headerBytes: number, details: LogEntry | undefined): OpLogEntry {
  if (details !== undefined && detailsMatch(columns, op, details)) return details;
  const kind = OP_NAMES[columns.ops.kind[op]];
  const id = columns.ops.id[op];
  const size = columns.ops.size[op];
  const code = columns.result[op + 1];
  const ok = code >= 0 || code === FAST_NULL;
  const offset = code >= 0 ? code : null;
  return {
    seq: 0,
    kind: 'op',
    op: kind,
    id,
    size,
    offset,
    start: offset === null ? null : offset - headerBytes,
    span: 0,
    ok,
    events: [],
    error: ok ? null : failureReason(code, size, id),
  };
}
