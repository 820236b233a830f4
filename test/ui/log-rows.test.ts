import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogRows, type LogRowRef } from '../../src/ui/log/log-rows.ts';
import type { SessionLine } from '../../src/ui/store/app-state.ts';

function line(anchor: number, seq: number): SessionLine {
  return { anchor, entry: { seq, kind: 'note', text: `note ${seq}` } };
}

/** The log written out: each operation's row after the lines anchored at or before it; lines of one anchor in log order. */
function naive(ops: number, lines: readonly SessionLine[]): LogRowRef[] {
  const clamp = (a: number) => Math.min(ops, Math.max(0, a));
  const out: LogRowRef[] = [];
  for (let i = 0; i <= ops; i++) {
    for (const l of lines) if (clamp(l.anchor) === i) out.push({ kind: 'line', line: l });
    if (i < ops) out.push({ kind: 'op', op: i });
  }
  return out;
}

describe('the event log rows', () => {
  it('puts a line after the first `anchor` operations, and lines of one anchor in their order', () => {
    const rows = new LogRows(3, [line(0, 1), line(2, 2), line(2, 3), line(3, 4)]);
    expect(rows.total).toBe(7);
    const shown = Array.from({ length: rows.total }, (_, r) => rows.at(r)).map((x) => (x.kind === 'op' ? `op ${x.op}` : (x.line.entry as { text: string }).text));
    expect(shown).toEqual(['note 1', 'op 0', 'op 1', 'note 2', 'note 3', 'op 2', 'note 4']);
    expect([0, 1, 2].map((i) => rows.rowOfOp(i))).toEqual([1, 2, 5]);
  });

  it('orders lines by anchor when the log holds them out of order (a failed click in the past), keeping ties in order', () => {
    const rows = new LogRows(4, [line(0, 1), line(4, 2), line(1, 3), line(4, 4)]);
    const texts = Array.from({ length: rows.total }, (_, r) => rows.at(r))
      .filter((x) => x.kind === 'line')
      .map((x) => (x.kind === 'line' ? x.line.entry.seq : -1));
    expect(texts).toEqual([1, 3, 2, 4]);
    expect(rows.rowOfOp(1)).toBe(3);
  });

  it('shows lines anchored past the last operation at the end', () => {
    const rows = new LogRows(2, [line(9, 1)]);
    expect(rows.at(2)).toEqual({ kind: 'line', line: line(9, 1) });
  });

  it('finds every row as the written-out log has it, and every operation`s row', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.array(fc.nat(45), { maxLength: 30 }), (ops, anchors) => {
        const lines = anchors.map((a, j) => line(a, j));
        const rows = new LogRows(ops, lines);
        const expected = naive(ops, lines);
        expect(rows.total).toBe(expected.length);
        for (let r = 0; r < rows.total; r++) expect(rows.at(r)).toEqual(expected[r]);
        for (let i = 0; i < ops; i++) expect(expected[rows.rowOfOp(i)]).toEqual({ kind: 'op', op: i });
      }),
    );
  });

  it('maps a million operations without a row per operation', () => {
    const rows = new LogRows(1_000_000, [line(0, 1), line(500_000, 2), line(1_000_000, 3)]);
    expect(rows.total).toBe(1_000_003);
    expect(rows.at(500_001)).toEqual({ kind: 'line', line: line(500_000, 2) });
    expect(rows.at(500_002)).toEqual({ kind: 'op', op: 500_000 });
    expect(rows.rowOfOp(999_999)).toBe(1_000_001);
    expect(rows.at(1_000_002).kind).toBe('line');
  });
});
