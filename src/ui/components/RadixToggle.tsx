import { useApp } from '../store/use-app.ts';

/** Offsets in hex or decimal (the tooltip and inspector always show both). */
export function RadixToggle() {
  const radix = useApp((s) => s.radix);
  const toggle = useApp((s) => s.toggleRadix);
  return (
    <div className="segmented" role="group" aria-label="offsets in">
      <button type="button" data-testid="radix-hex" aria-pressed={radix === 'hex'} onClick={() => radix !== 'hex' && toggle()}>
        hex
      </button>
      <button type="button" data-testid="radix-dec" aria-pressed={radix === 'dec'} onClick={() => radix !== 'dec' && toggle()}>
        dec
      </button>
    </div>
  );
}
