import { describe, expect, it } from 'vitest';
import { HeapDriver, type OpResult } from '../../src/core/driver.ts';
import { describeError } from '../../src/core/failure.ts';
import { describeEntry } from '../../src/ui/log/describe-entry.ts';
import type { LogEntry } from '../../src/ui/store/app-state.ts';

function entry(r: OpResult): LogEntry {
  return {
    seq: 1,
    kind: 'op',
    op: r.op,
    id: r.id,
    size: r.size,
    offset: r.offset,
    start: r.offset,
    span: r.span,
    ok: r.ok,
    events: r.events,
    error: r.ok ? null : describeError(r.error),
  };
}

const hex = { radix: 'hex', heapSize: 4096 } as const;

describe('the event log lines (the debug build, line by line)', () => {
  it('says where an alloc went and how: a bump after the first brk', () => {
    const d = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    expect(describeEntry(entry(d.alloc(0, 100)), hex)).toBe('alloc 100 -> 0x0000 (brk 0x0000 -> 0x1000; bump 0x0000 -> 0x0068)');
  });

  it('says which free node an alloc split and what was left', () => {
    const d = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    d.alloc(0, 152);
    d.alloc(1, 8);
    d.free(0);
    expect(describeEntry(entry(d.alloc(2, 100)), hex)).toBe('alloc 100 -> 0x0000 (split free node 0x0000, 48 left)');
  });

  it('says where a free put its node', () => {
    const d = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    d.alloc(0, 100);
    expect(describeEntry(entry(d.free(0)), hex)).toBe('free 0x0000 #0 (104-byte node 0x0000 at the head of the free list)');
  });

  it('says a realloc moved and copied, in decimal when asked', () => {
    const d = new HeapDriver({ strategy: 'lululucator', heapSize: 4096 });
    d.alloc(0, 16);
    d.alloc(1, 16);
    const line = describeEntry(entry(d.realloc(0, 64)), { radix: 'dec', heapSize: 4096 });
    expect(line).toBe('realloc #0 to 64 -> 48 (bump 48 -> 112; moved 0 -> 48, copied 16 bytes; 24-byte node 0 at the head of the free list)');
  });

  it('gives the reason of a failure: total free against the largest hole', () => {
    const d = new HeapDriver({ strategy: 'lululucator', heapSize: 256 });
    d.alloc(0, 100);
    d.alloc(1, 24);
    d.free(0);
    expect(describeEntry(entry(d.alloc(2, 200)), hex)).toBe(
      'alloc 200 failed: out of memory: 200 bytes asked, 232 bytes free in all but the largest hole is 128 bytes (fragmentation)',
    );
  });

  it('names the list when the strategy has several', () => {
    const d = new HeapDriver({ strategy: 'fixed-block', heapSize: 8192 });
    d.alloc(0, 60);
    const line = describeEntry(entry(d.free(0)), { ...hex, listNames: d.strategy.freeListNames() });
    expect(line).toContain('64 B');
  });
});
