import { useHeapPicture } from '../hooks/use-heap-picture.ts';
import { bothRadixes } from '../format/offsets.ts';
import { useApp } from '../store/use-app.ts';
import type { HoverState } from './HeapStrip.tsx';

/** What is under the pointer: offset in hex and decimal, size, state, id, requested bytes. */
export function StripTooltip({ hover }: { hover: HoverState }) {
  const picture = useHeapPicture();
  const playing = useApp((s) => s.playing);
  if (!picture) return null;
  const { hit } = hover;
  const k = hit.block;
  const heapSize = picture.heapSize;
  let title: string;
  const lines: [string, string][] = [];
  if (k < 0) {
    const past = hit.offset >= (picture.bump >= 0 ? picture.bump : picture.end);
    title = past ? 'never handed out' : 'no block (metadata or dead memory)';
    lines.push(['offset', bothRadixes(hit.offset, heapSize)]);
  } else {
    const { start, span, id, list } = picture.blocks;
    title = id[k] >= 0 ? `allocated #${id[k]}` : `free${picture.free.names.length > 1 ? ` · ${picture.free.names[list[k]] ?? ''}` : ''}`;
    lines.push(['offset', bothRadixes(start[k], heapSize)]);
    lines.push(['size', `${span[k]} B`]);
    if (id[k] >= 0) {
      lines.push(['requested', `${picture.requested[k]} B`]);
      const padding = span[k] - picture.requested[k] - picture.headerBytes;
      if (padding > 0) lines.push(['padding', `${padding} B`]);
    } else if (!playing) {
      // A node's rank may take a walk of the whole list, once per heap: not on every frame of a playback.
      const place = picture.free.placeOf(list[k], start[k]);
      if (place) lines.push(['in list', place.rank === 0 ? 'head' : `node ${place.rank + 1}`]);
    }
    if (hit.blocksInPixel > 1) lines.push(['this pixel', `${hit.blocksInPixel} blocks: zoom in`]);
  }
  const left = Math.min(hover.x + 14, window.innerWidth - 240);
  return (
    <div className="tooltip" role="tooltip" data-testid="strip-tooltip" style={{ left, top: hover.y + 16 }}>
      <div className="tooltip-title">{title}</div>
      <dl>
        {lines.map(([name, value]) => (
          <div key={name} className="tooltip-row">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
