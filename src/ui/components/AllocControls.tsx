import { useState } from 'react';
import { useApp } from '../store/use-app.ts';
import { QuickSizes } from './QuickSizes.tsx';

/** The size to allocate and the four operations. */
export function AllocControls() {
  const allocSize = useApp((s) => s.allocSize);
  const setAllocSize = useApp((s) => s.setAllocSize);
  const alloc = useApp((s) => s.alloc);
  const free = useApp((s) => s.free);
  const realloc = useApp((s) => s.realloc);
  const reset = useApp((s) => s.reset);
  const ready = useApp((s) => s.status === 'ready');
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (Number.isFinite(allocSize) ? String(allocSize) : '');
  return (
    <section className="controls" aria-label="operations">
      <label className="field">
        <span className="field-label">Size</span>
        <input
          data-testid="alloc-size"
          className="num"
          type="number"
          value={shown}
          onChange={(e) => {
            setText(e.target.value);
            setAllocSize(e.target.value.trim() === '' ? 0 : Number(e.target.value));
          }}
          onBlur={() => setText(null)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void alloc();
          }}
          aria-label="bytes to allocate"
        />
        <span className="field-unit">B</span>
      </label>
      <QuickSizes
        onPick={(n) => {
          setText(null);
          setAllocSize(n);
        }}
        current={allocSize}
      />
      <div className="op-buttons">
        <button type="button" className="primary" data-testid="alloc" disabled={!ready} onClick={() => void alloc()} title="Allocate (a)">
          Alloc <kbd>a</kbd>
        </button>
        <button type="button" data-testid="free" disabled={!ready} onClick={() => void free()} title="Free the selected block (Delete)">
          Free <kbd>Del</kbd>
        </button>
        <button type="button" data-testid="realloc" disabled={!ready} onClick={() => void realloc()} title="Realloc the selected block to the size (r)">
          Realloc <kbd>r</kbd>
        </button>
        <button type="button" data-testid="reset" disabled={!ready} onClick={() => void reset()} title="Empty the heap: same strategy and size">
          Reset
        </button>
      </div>
    </section>
  );
}
