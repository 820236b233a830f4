import { useDeferredHeapPicture } from '../hooks/use-heap-picture.ts';
import { freeNodeCount } from '../heap/heap-picture.ts';
import { listColor } from '../theme/palette.ts';
import { useApp } from '../store/use-app.ts';
import { FreeNodeRow } from './FreeNodeRow.tsx';
import { Panel } from './Panel.tsx';

/** Rows shown per list; the rest are counted (the strip still draws them). */
export const FREE_ROWS_PER_LIST = 200;

/**
 * The free lists in list order, head first, as the allocator walks them
 * (LIFO for the Lululucator, address order for first-fit; one list per size
 * class for fixed-block). A click selects the node.
 */
export function FreeList() {
  const picture = useDeferredHeapPicture();
  const radix = useApp((s) => s.radix);
  const selected = useApp((s) => s.selected);
  const select = useApp((s) => s.select);
  const total = picture ? freeNodeCount(picture) : 0;
  const heapSize = picture?.heapSize ?? 0;
  const selectedOffset = selected && 'offset' in selected ? selected.offset : -1;
  const lists = picture ? picture.lists.map((list, l) => ({ list, l })).filter(({ list }) => list.start.length > 0) : [];
  const emptyLists = picture ? picture.lists.length - lists.length : 0;
  return (
    <Panel title="Free list" extra={<span className="panel-count">{total} node{total === 1 ? '' : 's'}</span>} className="free-panel">
      <div className="scroll">
        <table className="rows" data-testid="free-list">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>offset</th>
              <th className="num">size</th>
              <th>next</th>
            </tr>
          </thead>
          {lists.map(({ list, l }) => {
            const shown = Math.min(list.start.length, FREE_ROWS_PER_LIST);
            const rows = [];
            for (let i = 0; i < shown; i++) {
              const start = list.start[i];
              const next = i + 1 < list.start.length ? list.start[i + 1] : -1;
              rows.push(
                // Keyed by place in the list: a step that pushes a node updates the rows' text instead of moving every row.
                <FreeNodeRow
                  key={i}
                  start={start}
                  span={list.span[i]}
                  next={next}
                  rank={i}
                  listName={list.name}
                  selected={start === selectedOffset}
                  radix={radix}
                  heapSize={heapSize}
                  onSelect={select}
                />,
              );
            }
            return (
              <tbody key={l}>
                {picture!.lists.length > 1 && (
                  <tr className="group-row">
                    <th colSpan={4}>
                      <i className="list-swatch" style={{ background: listColor(l) }} aria-hidden="true" />
                      {list.name} · {list.start.length}
                    </th>
                  </tr>
                )}
                {rows}
                {list.start.length > shown && (
                  <tr className="more-row">
                    <td colSpan={4}>… {list.start.length - shown} more nodes</td>
                  </tr>
                )}
              </tbody>
            );
          })}
        </table>
        {total === 0 && <p className="empty">No free nodes{picture && picture.bump >= 0 ? ': every byte below the bump pointer is allocated' : ''}.</p>}
        {emptyLists > 0 && lists.length > 0 && <p className="muted small">{emptyLists} empty lists not shown.</p>}
      </div>
    </Panel>
  );
}
