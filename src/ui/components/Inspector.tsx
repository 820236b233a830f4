import { useDeferredHeapPicture } from '../hooks/use-heap-picture.ts';
import { anatomyOf } from '../heap/block-anatomy.ts';
import { resolveBlock } from '../heap/heap-picture.ts';
import { bothRadixes, formatOffset } from '../format/offsets.ts';
import { allocationColor, listColor } from '../theme/palette.ts';
import { useApp } from '../store/use-app.ts';
import { BlockFields } from './BlockFields.tsx';
import { FailureNote } from './FailureNote.tsx';
import { HexDump } from './HexDump.tsx';
import { Panel } from './Panel.tsx';

/** The selected block: where it is, what it holds, its metadata decoded, its first bytes. */
export function Inspector() {
  const picture = useDeferredHeapPicture();
  const selected = useApp((s) => s.selected);
  const radix = useApp((s) => s.radix);
  const select = useApp((s) => s.select);
  const k = picture ? resolveBlock(picture, selected) : -1;
  if (!picture || k < 0) {
    return (
      <Panel title="Inspector" className="inspector-panel">
        <FailureNote />
        <div className="inspector" data-testid="selected">
          <p className="empty">Select a block: click it on the strip or in the block list, or use the arrow keys.</p>
        </div>
      </Panel>
    );
  }
  const heapSize = picture.heapSize;
  const start = picture.blocks.start[k];
  const span = picture.blocks.span[k];
  const id = picture.blocks.id[k];
  const list = picture.blocks.list[k];
  const allocated = id >= 0;
  const at = (n: number) => formatOffset(n, radix, heapSize);
  const header = picture.headerBytes;
  const requested = picture.requested[k];
  // The node's place in its list: a walk of the list, once per picture, only for a selected free block.
  // Null when the heap moved on before this deferred picture was shown: the next picture says it.
  const place = allocated ? null : picture.free.placeOf(list, start);
  const rank = place?.rank ?? -1;
  const next = place?.next ?? -1;
  const listName = picture.free.names[list] ?? '';
  const anatomy = anatomyOf(picture.strategy);
  return (
    <Panel title="Inspector" className="inspector-panel">
      <FailureNote />
      <div className="inspector" data-testid="selected" data-offset={start} data-state={allocated ? 'allocated' : 'free'}>
        <div className="inspector-title">
          <i className="list-swatch" style={{ background: allocated ? allocationColor(id) : listColor(list) }} aria-hidden="true" />
          {allocated ? (
            <span>
              block <b>#{id}</b> · allocated
            </span>
          ) : (
            <span>
              free node · {rank === 0 ? 'head of' : rank > 0 ? `node ${rank + 1} of` : 'in'} {picture.free.names.length > 1 ? `the ${listName} list` : 'the free list'}
            </span>
          )}
        </div>
        <dl className="props">
          <dt>offset</dt>
          <dd className="mono">{bothRadixes(start, heapSize)}</dd>
          <dt>size</dt>
          <dd>{span} B</dd>
          {allocated && (
            <>
              <dt>payload</dt>
              <dd className="mono">{at(start + header)}</dd>
              <dt>requested</dt>
              <dd>{requested} B</dd>
              <dt>overhead</dt>
              <dd>
                {span - requested} B{header > 0 ? ` (${header} header)` : ''}
              </dd>
            </>
          )}
          {!allocated && place && (
            <>
              <dt>next</dt>
              <dd className="mono">
                {next >= 0 ? (
                  <button type="button" className="link" data-testid="selected-next" onClick={() => select({ offset: next })}>
                    → {at(next)}
                  </button>
                ) : (
                  <span className="muted">NIL (last node)</span>
                )}
              </dd>
            </>
          )}
        </dl>
        <BlockFields fields={anatomy.fields(allocated ? -1 : list, span)} start={start} picture={picture} />
        <HexDump picture={picture} start={start} span={span} header={allocated ? header : 0} requested={allocated ? requested : -1} />
      </div>
    </Panel>
  );
}
