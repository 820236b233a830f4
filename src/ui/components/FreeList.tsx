import { useDeferredHeapPicture } from '../hooks/use-heap-picture.ts';
import { ROW_HEIGHT, useVirtualRows } from '../hooks/use-virtual-rows.ts';
import { listColor } from '../theme/palette.ts';
import { useApp } from '../store/use-app.ts';
import { FreeNodeRow } from './FreeNodeRow.tsx';
import { Panel } from './Panel.tsx';

/** A list's rows in the table: its name (when there are several lists), then its nodes. */
interface ListRows {
  readonly l: number;
  readonly name: string;
  readonly length: number;
  /** Row of the list's first node. */
  readonly firstRow: number;
}

/**
 * The free lists in list order, head first, as the allocator walks them
 * (LIFO for the Lululucator, address order for first-fit; one list per size
 * class for fixed-block), every node of every list. Only the rows in view
 * are in the document, and only the nodes up to them are walked: the
 * Lululucator's list after a long trace has hundreds of thousands. A click
 * selects the node.
 */
export function FreeList() {
  const picture = useDeferredHeapPicture();
  const radix = useApp((s) => s.radix);
  const selected = useApp((s) => s.selected);
  const select = useApp((s) => s.select);
  const free = picture?.free ?? null;
  const total = free?.total ?? 0;
  const heapSize = picture?.heapSize ?? 0;
  const selectedOffset = selected && 'offset' in selected ? selected.offset : -1;
  const named = (free?.names.length ?? 0) > 1;
  const groups: ListRows[] = [];
  let rowCount = 0;
  free?.names.forEach((name, l) => {
    const length = free.lengths[l];
    if (length === 0) return;
    if (named) rowCount++;
    groups.push({ l, name, length, firstRow: rowCount });
    rowCount += length;
  });
  const emptyLists = (free?.names.length ?? 0) - groups.length;
  const { scrollRef, first, last, onScroll } = useVirtualRows(rowCount);

  // Walk each list only as far as the node after the last row in view (its `next`).
  let deepest = 0;
  for (const g of groups) deepest = Math.max(deepest, Math.min(g.length, last - g.firstRow + 1));
  const lists = free && deepest > 0 ? free.prefix(deepest) : null;

  const rows = [];
  if (lists) {
    for (const g of groups) {
      if (named && g.firstRow - 1 >= first && g.firstRow - 1 < last) {
        rows.push(
          <tr key={`list-${g.l}`} className="group-row">
            <th colSpan={4}>
              <i className="list-swatch" style={{ background: listColor(g.l) }} aria-hidden="true" />
              {g.name} · {g.length}
            </th>
          </tr>,
        );
      }
      const list = lists[g.l];
      const from = Math.max(0, first - g.firstRow);
      const to = Math.min(g.length, last - g.firstRow);
      for (let i = from; i < to; i++) {
        const start = list.start[i];
        rows.push(
          // Keyed by place in the list: a step that pushes a node updates the rows' text instead of moving every row.
          <FreeNodeRow
            key={`${g.l}-${i}`}
            start={start}
            span={list.span[i]}
            next={i + 1 < g.length ? list.start[i + 1] : -1}
            rank={i}
            listName={g.name}
            selected={start === selectedOffset}
            radix={radix}
            heapSize={heapSize}
            onSelect={select}
          />,
        );
      }
    }
  }

  return (
    <Panel title="Free list" extra={<span className="panel-count">{total} node{total === 1 ? '' : 's'}</span>} className="free-panel">
      <div className="scroll" ref={scrollRef} onScroll={onScroll}>
        <table className="rows" data-testid="free-list" aria-rowcount={rowCount} data-version={picture?.version ?? -1}>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>offset</th>
              <th className="num">size</th>
              <th>next</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />}
            {rows}
            {last < rowCount && <tr style={{ height: (rowCount - last) * ROW_HEIGHT }} aria-hidden="true" />}
          </tbody>
        </table>
        {total === 0 && <p className="empty">No free nodes{picture && picture.bump >= 0 ? ': every byte below the bump pointer is allocated' : ''}.</p>}
        {emptyLists > 0 && groups.length > 0 && <p className="muted small">{emptyLists} empty lists not shown.</p>}
      </div>
    </Panel>
  );
}
