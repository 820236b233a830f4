import { ALLOCATION_COLORS, listColor, STRIP_COLORS } from '../theme/palette.ts';

/** What the strip's marks mean. */
export function Legend() {
  return (
    <ul className="legend" aria-label="legend">
      <li>
        <span className="swatch swatch-multi" aria-hidden="true">
          {ALLOCATION_COLORS.slice(0, 4).map((c) => (
            <i key={c} style={{ background: c }} />
          ))}
        </span>
        allocated (one colour per block)
      </li>
      <li>
        <span className="swatch swatch-padding" aria-hidden="true" style={{ background: ALLOCATION_COLORS[0] }}>
          <i />
        </span>
        padding (lower half shaded)
      </li>
      <li>
        <span className="swatch swatch-header" aria-hidden="true" style={{ background: ALLOCATION_COLORS[1] }}>
          <i />
        </span>
        header / footer
      </li>
      <li>
        <span className="swatch swatch-free" aria-hidden="true">
          <i style={{ background: listColor(0) }} />
        </span>
        free block, its node
      </li>
      <li>
        <svg className="swatch-arrow" width="26" height="12" aria-hidden="true">
          <path d="M2 10 Q13 0 22 9" fill="none" stroke={listColor(0)} strokeWidth="1.5" />
          <path d="M24 11 L18 9 L22 5 Z" fill={listColor(0)} />
        </svg>
        free list, in list order
      </li>
      <li>
        <span className="swatch swatch-line" aria-hidden="true" style={{ borderColor: STRIP_COLORS.bump }} />
        bump / brk
      </li>
      <li>
        <span className="swatch swatch-line solid" aria-hidden="true" style={{ borderColor: STRIP_COLORS.end }} />
        end of heap
      </li>
      <li>
        <span className="swatch swatch-gap" aria-hidden="true" />
        no block (metadata, dead)
      </li>
      <li>
        <span className="swatch swatch-columns" aria-hidden="true">
          <i style={{ height: '70%' }} />
          <i style={{ height: '40%' }} />
          <i style={{ height: '90%' }} />
        </span>
        blocks under a pixel: occupancy
      </li>
      <li>
        <span className="swatch swatch-untouched" aria-hidden="true" />
        never handed out
      </li>
    </ul>
  );
}
