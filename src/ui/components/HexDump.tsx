import type { HeapPicture } from '../heap/heap-picture.ts';
import { hex } from '../format/offsets.ts';

/** Bytes shown from the block's start. */
export const DUMP_BYTES = 64;

/**
 * The block's first bytes, 16 a line, read from the heap itself: header
 * bytes, requested bytes and padding told apart by style.
 */
export function HexDump({ picture, start, span, header, requested }: { picture: HeapPicture; start: number; span: number; header: number; requested: number }) {
  const bytes = picture.memory.bytes;
  const length = Math.min(span, DUMP_BYTES, bytes.length - start);
  const lines = [];
  for (let line = 0; line < length; line += 16) {
    const cells = [];
    let ascii = '';
    for (let i = line; i < line + 16; i++) {
      if (i >= length) {
        cells.push(<span key={i} className="byte pad-cell" />);
        continue;
      }
      const b = bytes[start + i];
      const kind = i < header ? 'hdr' : requested >= 0 && i >= header + requested ? 'padb' : 'data';
      cells.push(
        <span key={i} className={`byte ${kind}${i % 8 === 7 ? ' gap' : ''}`}>
          {b.toString(16).padStart(2, '0')}
        </span>,
      );
      ascii += b >= 32 && b < 127 ? String.fromCharCode(b) : '·';
    }
    lines.push(
      <div key={line} className="dump-line">
        <span className="dump-offset">{hex(start + line, picture.heapSize)}</span>
        <span className="dump-bytes">{cells}</span>
        <span className="dump-ascii">{ascii}</span>
      </div>,
    );
  }
  return (
    <div className="dump" aria-label={`first ${length} bytes of the block`}>
      {lines}
      {span > length && <div className="muted small">… {span - length} more bytes</div>}
    </div>
  );
}
