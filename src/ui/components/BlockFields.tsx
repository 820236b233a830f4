import type { ReactNode } from 'react';
import type { BlockField } from '../heap/block-anatomy.ts';
import { blockIndexAt } from '../heap/find-block.ts';
import type { HeapPicture } from '../heap/heap-picture.ts';
import { hex } from '../format/offsets.ts';
import { useApp } from '../store/use-app.ts';

const NIL32 = 0xffffffff;

/** The block's metadata, read from the heap's bytes and decoded; a link to another block is clickable. */
export function BlockFields({ fields, start, picture }: { fields: readonly BlockField[]; start: number; picture: HeapPicture }) {
  const select = useApp((s) => s.select);
  if (fields.length === 0) return null;
  const u32 = picture.memory.u32;
  const heapSize = picture.heapSize;
  return (
    <table className="fields" aria-label="metadata in the block">
      <tbody>
        {fields.map((field) => {
          const at = start + field.at;
          const low = u32[at >>> 2];
          const high = field.width === 8 ? u32[(at >>> 2) + 1] : 0;
          const nil = low === NIL32 && (field.width === 4 || high === NIL32);
          const value = high * 2 ** 32 + low;
          const raw = nil ? 'NIL' : `0x${value.toString(16).padStart(field.width * 2, '0')}`;
          let meaning: ReactNode = '';
          if (!nil && field.kind === 'link') {
            const k = blockIndexAt(picture.blocks, value);
            meaning =
              k >= 0 ? (
                <button type="button" className="link" onClick={() => select({ offset: value })}>
                  → {hex(value, heapSize)}
                </button>
              ) : (
                hex(value, heapSize)
              );
          } else if (nil) {
            meaning = <span className="muted">end of list</span>;
          } else if (field.kind === 'addr') {
            meaning = value === start ? 'its own offset' : hex(value, heapSize);
          } else if (field.kind === 'size') {
            meaning = `${value} B`;
          } else if (field.kind === 'tag') {
            const flags = (field.flags ?? []).filter((_, bit) => (low >>> bit) & 1);
            meaning = `${value & ~7} B${flags.length ? ` · ${flags.join(' · ')}` : ' · free'}`;
          }
          return (
            <tr key={field.name}>
              <th>
                {field.name} <span className="muted">+{field.at}</span>
              </th>
              <td className="mono">{raw}</td>
              <td>{meaning}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
