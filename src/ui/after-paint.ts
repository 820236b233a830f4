/**
 * Work after the next frame is painted: a requestAnimationFrame callback
 * runs just before the frame's rendering, and a task queued from it runs
 * just after. The strip draws in the frame; the panels and lists that follow
 * it wait for this, so they never delay the frame that shows a change.
 * Where no frame comes (Node, a hidden tab) the work runs after
 * {@link NO_FRAME_MS} anyway.
 *
 * Two hops: {@link nextPaint} resolves in the first task after the frame;
 * {@link afterNextPaint}'s work runs one task later, so that whoever waits
 * for the frame itself (a seek, a playback's pacing) hears of it before the
 * lists' rendering, whichever asked first.
 */

/** Longest wait for a frame. */
export const NO_FRAME_MS = 100;

function onNextPaint(run: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(run, 0);
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    run();
  };
  const fallback = setTimeout(once, NO_FRAME_MS);
  requestAnimationFrame(() => setTimeout(once, 0));
}

/** Runs `work` after the next painted frame, behind what {@link nextPaint} resolves then. */
export function afterNextPaint(work: () => void): void {
  onNextPaint(() => setTimeout(work, 0));
}

/** Resolves just after the next frame is painted. */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => onNextPaint(resolve));
}
