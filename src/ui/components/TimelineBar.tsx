import { memo } from 'react';
import { SPEEDS } from '../store/app-state.ts';
import { useApp } from '../store/use-app.ts';
import { LoadProgressBar } from './LoadProgressBar.tsx';
import { TraceSource } from './TraceSource.tsx';

function speedLabel(speed: number): string {
  return speed === Infinity ? 'max' : `${speed.toLocaleString('en-US')}/s`;
}

/** The playback speed; a component of its own so that a step does not render its options again. */
const SpeedSelect = memo(function SpeedSelect() {
  const speed = useApp((s) => s.speed);
  const setSpeed = useApp((s) => s.setSpeed);
  return (
    <label className="field speed">
      <span className="field-label">Speed</span>
      <select data-testid="speed" value={String(speed)} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="playback speed">
        {SPEEDS.map((s) => (
          <option key={String(s)} value={String(s)}>
            {speedLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
});

/** Where the trace comes from: it changes with a load, not with a step. */
const StableTraceSource = memo(TraceSource);

/**
 * The timeline: where the trace comes from, then step back / play / step
 * forward, the scrubber over steps 0..N, the step counter, the speed and
 * "run to the end". A click at a step before the end replaces what
 * followed, and the bar says so.
 */
export function TimelineBar() {
  const step = useApp((s) => s.step);
  const length = useApp((s) => s.length);
  const playing = useApp((s) => s.playing);
  const ready = useApp((s) => s.status === 'ready' && s.loading === null);
  const seek = useApp((s) => s.seek);
  const stepBy = useApp((s) => s.stepBy);
  const play = useApp((s) => s.play);
  const pause = useApp((s) => s.pause);
  const loading = useApp((s) => s.loading !== null);
  return (
    <section className="timeline-bar" aria-label="timeline">
      <StableTraceSource />
      {loading ? (
        <LoadProgressBar />
      ) : (
        <div className="timeline-controls">
          <button type="button" className="icon-button" data-testid="step-back" disabled={!ready || step === 0} onClick={() => void stepBy(-1)} title="Step back (← or ,)" aria-label="step back">
            ◀︎
          </button>
          <button
            type="button"
            className="icon-button play-button"
            data-testid="play"
            aria-pressed={playing}
            disabled={!ready || length === 0}
            onClick={() => (playing ? pause() : play())}
            title={playing ? 'Pause (space)' : 'Play (space)'}
            aria-label={playing ? 'pause' : 'play'}
          >
            {playing ? '❚❚' : '▶'}
          </button>
          <button type="button" className="icon-button" data-testid="step-forward" disabled={!ready || step >= length} onClick={() => void stepBy(1)} title="Step forward (→ or .)" aria-label="step forward">
            ▶︎
          </button>
          <input
            type="range"
            data-testid="timeline"
            className="scrubber"
            min={0}
            max={length}
            step={1}
            value={step}
            disabled={!ready || length === 0}
            aria-label="step"
            aria-valuetext={`step ${step} of ${length}`}
            onChange={(e) => void seek(Number(e.target.value))}
          />
          <output data-testid="step" className="step-count" aria-live="off">
            {step.toLocaleString('en-US')} / {length.toLocaleString('en-US')}
          </output>
          <SpeedSelect />
          <button type="button" className="text-button" data-testid="run-to-end" disabled={!ready || step >= length} onClick={() => void seek(length)} title="Run to the end (End of the timeline)">
            to end
          </button>
          {step < length && <span className="future-note">a click here replaces the {(length - step).toLocaleString('en-US')} later operations</span>}
        </div>
      )}
    </section>
  );
}
