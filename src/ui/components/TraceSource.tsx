import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/use-app.ts';
import { fetchSamples, type SampleTrace } from '../timeline/samples.ts';

/** What the timeline replays: a file of one's own, a shipped sample, and for a trace of several processes, which one. */
export function TraceSource() {
  const loadTrace = useApp((s) => s.loadTrace);
  const loadSample = useApp((s) => s.loadSample);
  const choosePid = useApp((s) => s.choosePid);
  const trace = useApp((s) => s.trace);
  const busy = useApp((s) => s.loading !== null || s.status !== 'ready');
  const [samples, setSamples] = useState<SampleTrace[]>([]);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    fetchSamples().then(
      (list) => live && setSamples(list),
      () => live && setSamples([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="trace-source">
      <button type="button" className="text-button" disabled={busy} onClick={() => input.current?.click()} title="Load a trace: .rep, valgrind, ltrace, or a saved scenario (.json); or drop it on the page">
        Open trace…
      </button>
      <input
        ref={input}
        type="file"
        data-testid="trace-file"
        className="visually-hidden"
        aria-label="trace file"
        accept=".rep,.vg,.log,.ltrace,.txt,.json,text/plain,application/json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void loadTrace(file.name, () => file.arrayBuffer());
        }}
      />
      <select
        data-testid="samples"
        aria-label="sample traces"
        value={trace?.sample && !trace.edited ? trace.sample : ''}
        disabled={busy || samples.length === 0}
        onChange={(e) => e.target.value && void loadSample(e.target.value)}
      >
        <option value="">Samples…</option>
        {samples.map((s) => (
          <option key={s.file} value={s.file} title={s.description}>
            {s.title} · {s.ops.toLocaleString('en-US')} ops
          </option>
        ))}
      </select>
      {trace && trace.processes.length > 1 && (
        <label className="field">
          <span className="field-label">Process</span>
          <select data-testid="process" value={String(trace.pid ?? '')} disabled={busy} onChange={(e) => void choosePid(Number(e.target.value))} aria-label="process to replay">
            {trace.processes.map((p) => (
              <option key={p.pid} value={String(p.pid)}>
                {p.pid}
                {p.command ? ` ${p.command}` : ''} · {p.calls.toLocaleString('en-US')} calls
              </option>
            ))}
          </select>
        </label>
      )}
      {trace && (
        <span className="trace-name" title={trace.name}>
          {trace.name}
          {trace.edited ? ' (edited)' : ''}
        </span>
      )}
    </div>
  );
}
