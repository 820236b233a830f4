import { useState } from 'react';
import { formatBytes } from '../format/offsets.ts';
import { useApp } from '../store/use-app.ts';

/** The heap size, applied on Enter or when the field loses focus (a new, empty heap). */
export function HeapSizeInput() {
  const heapSize = useApp((s) => s.heapSize);
  const setHeapSize = useApp((s) => s.setHeapSize);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const value = Number(draft.trim());
    setDraft(null);
    void setHeapSize(value);
  };
  return (
    <label className="field">
      <span className="field-label">Heap</span>
      <input
        data-testid="heap-size"
        className="num"
        type="number"
        min={64}
        step={8}
        value={draft ?? String(heapSize)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
        aria-label="heap size in bytes"
      />
      <span className="field-unit">B = {formatBytes(heapSize)}</span>
    </label>
  );
}
