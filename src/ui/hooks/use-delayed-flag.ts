import { useEffect, useState } from 'react';

/**
 * True once `on` has stayed true for `delayMs`; false as soon as it is false.
 * For a busy indicator: a seek or a click answers in a few milliseconds, and
 * showing "working…" for those would flicker and cost the page a frame
 * (its layout and paint) while the worker computes.
 */
export function useDelayedFlag(on: boolean, delayMs: number): boolean {
  // Each stretch of `on` is a new run; `shownRun` is the last run whose delay ran out.
  const [run, setRun] = useState({ on, count: 0 });
  const [shownRun, setShownRun] = useState(-1);
  if (run.on !== on) setRun({ on, count: run.count + 1 });
  const current = run.on === on ? run.count : run.count + 1;
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setShownRun(current), delayMs);
    return () => clearTimeout(timer);
  }, [on, current, delayMs]);
  return on && shownRun === current;
}
