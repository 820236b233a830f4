import { useEffect } from 'react';
import { useDeferredHeapPicture } from '../hooks/use-heap-picture.ts';
import { ROW_HEIGHT, useVirtualRows } from '../hooks/use-virtual-rows.ts';
import { resolveBlock } from '../heap/heap-picture.ts';
import { useApp } from '../store/use-app.ts';
import { BlockRow } from './BlockRow.tsx';
import { Panel } from './Panel.tsx';

const HEADER_HEIGHT = 24;

/**
 * Every block in address order, for keyboard and screen-reader users as
 * much as for tests: a click on a row selects the block and the strip
 * follows. Large heaps render only the rows in view.
 */
export function BlockList() {
  const picture = useDeferredHeapPicture();
  const radix = useApp((s) => s.radix);
  const selected = useApp((s) => s.selected);
  const select = useApp((s) => s.select);
  const count = picture?.blocks.count ?? 0;
  const { scrollRef, scrollTopRef, height, first, last, onScroll } = useVirtualRows(count);
  const selectedIndex = picture ? resolveBlock(picture, selected) : -1;

  // Scroll the selected row into view, from the tracked scroll position and
  // height (reading the box's layout here would force a layout of the page).
  useEffect(() => {
    const box = scrollRef.current;
    if (!box || selectedIndex < 0 || height === 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const visible = height - HEADER_HEIGHT;
    const at = scrollTopRef.current;
    if (top < at) box.scrollTop = top;
    else if (top + ROW_HEIGHT > at + visible) box.scrollTop = top + ROW_HEIGHT - visible;
  }, [selectedIndex, height, scrollRef, scrollTopRef]);

  const heapSize = picture?.heapSize ?? 0;
  const multiList = (picture?.free.names.length ?? 0) > 1;

  const rows = [];
  if (picture) {
    const { start, span, id, list } = picture.blocks;
    for (let k = first; k < last; k++) {
      rows.push(
        <BlockRow
          key={start[k]}
          start={start[k]}
          span={span[k]}
          id={id[k]}
          requested={picture.requested[k]}
          list={list[k]}
          listName={multiList && id[k] < 0 ? (picture.free.names[list[k]] ?? '') : ''}
          selected={k === selectedIndex}
          radix={radix}
          heapSize={heapSize}
          onSelect={select}
        />,
      );
    }
  }

  return (
    <Panel title="Blocks" extra={<span className="panel-count">{count} in address order</span>} className="blocks-panel">
      <div className="scroll" ref={scrollRef} onScroll={onScroll}>
        <table className="rows" data-testid="block-list" aria-rowcount={count} data-version={picture?.version ?? -1}>
          <thead>
            <tr>
              <th>offset</th>
              <th className="num">size</th>
              <th>state</th>
              <th className="num">id</th>
              <th className="num">req.</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />}
            {rows}
            {last < count && <tr style={{ height: (count - last) * ROW_HEIGHT }} aria-hidden="true" />}
          </tbody>
        </table>
        {count === 0 && <p className="empty">No blocks yet: allocate one (a).</p>}
      </div>
    </Panel>
  );
}
