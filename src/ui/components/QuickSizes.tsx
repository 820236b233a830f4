import { formatBytes } from '../format/offsets.ts';

/** Sizes people try first: words, a node, odd sizes that show padding, pages. */
export const QUICK_SIZES = [8, 16, 24, 40, 100, 250, 512, 1024, 4096] as const;

export function QuickSizes({ onPick, current }: { onPick: (bytes: number) => void; current: number }) {
  return (
    <div className="chips" role="group" aria-label="quick sizes">
      {QUICK_SIZES.map((n) => (
        <button type="button" key={n} className="chip" aria-pressed={current === n} data-testid={`quick-size-${n}`} onClick={() => onPick(n)}>
          {n < 1024 ? n : formatBytes(n).replace(' ', '')}
        </button>
      ))}
    </div>
  );
}
