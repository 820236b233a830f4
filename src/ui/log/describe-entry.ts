import type { HeapEvent } from '../../core/events.ts';
import { describeError } from '../../core/failure.ts';
import type { OpReply } from '../../worker/protocol.ts';
import type { Radix, LogEntry } from '../store/app-state.ts';
import { formatOffset } from '../format/offsets.ts';

/**
 * The event log's text: the original allocator's debug build, one line per
 * operation — "alloc 100 -> 0x0068 (split free node 0x0000, 48 left)". Pure
 * functions of an entry and the display options. O(events) each.
 */

export interface DescribeOptions {
  readonly radix: Radix;
  readonly heapSize: number;
  /** Names of the free lists (for strategies with several). */
  readonly listNames?: readonly string[];
}

/** A worker's reply to an operation, as a log entry (seq 0: not a line of the log). */
export function opEntry(reply: OpReply): Extract<LogEntry, { kind: 'op' }> {
  return {
    seq: 0,
    kind: 'op',
    op: reply.op,
    id: reply.id,
    size: reply.size,
    offset: reply.offset,
    start: reply.start,
    span: reply.span,
    ok: reply.ok,
    events: reply.events,
    error: reply.error ? describeError(reply.error) : null,
  };
}

/** One log line. */
export function describeEntry(entry: LogEntry, options: DescribeOptions): string {
  if (entry.kind === 'note') return entry.text;
  const at = (n: number) => formatOffset(n, options.radix, options.heapSize);
  const details = entry.events
    .filter((e) => e.kind !== 'fail')
    .map((e) => describeEvent(e, options))
    .join('; ');
  const tail = details ? ` (${details})` : '';
  switch (entry.op) {
    case 'alloc':
      return entry.ok ? `alloc ${entry.size} -> ${at(entry.offset!)}${tail}` : `alloc ${entry.size} failed: ${entry.error}`;
    case 'free':
      if (!entry.ok) return `free #${entry.id} failed: ${entry.error}`;
      return entry.offset === null ? `free #${entry.id}: null pointer, nothing to do` : `free ${at(entry.offset)} #${entry.id}${tail}`;
    case 'realloc':
      return entry.ok ? `realloc #${entry.id} to ${entry.size} -> ${at(entry.offset!)}${tail}` : `realloc #${entry.id} to ${entry.size} failed: ${entry.error}`;
  }
}

/** One memory action, as a clause. */
export function describeEvent(event: HeapEvent, options: DescribeOptions): string {
  const at = (n: number) => formatOffset(n, options.radix, options.heapSize);
  const list = (l: number) => {
    const names = options.listNames;
    return names && names.length > 1 ? ` ${names[l] ?? `list ${l}`}` : '';
  };
  switch (event.kind) {
    case 'sbrk':
      return `brk ${at(event.from)} -> ${at(event.to)}`;
    case 'bump':
      return `bump ${at(event.offset)} -> ${at(event.to)}`;
    case 'reuse':
      if (event.how === 'exact') return `reused free node ${at(event.node)}${list(event.list)} exactly`;
      if (event.how === 'whole') return `took free node ${at(event.node)}${list(event.list)} whole, ${event.span} bytes`;
      return `split free node ${at(event.node)}${list(event.list)}, ${event.left} left`;
    case 'push': {
      const where = event.at === 'head' ? 'at the head of' : event.at === 'tail' ? 'at the tail of' : 'in address order into';
      return `${event.span}-byte node ${at(event.offset)} ${where} the free list${list(event.list)}`;
    }
    case 'coalesce':
      return event.with === 'buddy'
        ? `merged with its buddy -> ${at(event.offset)}, ${event.span} bytes`
        : `coalesced with the ${event.with === 'both' ? 'previous and next blocks' : `${event.with === 'prev' ? 'previous' : 'next'} block`} -> ${at(event.offset)}, ${event.span} bytes`;
    case 'split':
      return `split ${at(event.offset)}: ${event.span} bytes + ${event.left} at ${at(event.rest)}`;
    case 'move':
      return `moved ${at(event.from)} -> ${at(event.to)}, copied ${event.copied} bytes`;
    case 'in-place':
      return `resized in place, ${event.span} bytes`;
    case 'reset':
      return `every block was free: bump back to ${at(event.to)}`;
    case 'fail':
      return event.reason;
  }
}
