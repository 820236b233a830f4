/**
 * Runs work after the next frame is painted: a requestAnimationFrame callback
 * runs just before the frame's rendering, and a task queued from it runs just
 * after. The strip draws in the frame; list and text updates wait for this,
 * so they never delay the frame that shows a change. Where no frame comes
 * (Node, a hidden tab) the work runs after {@link NO_FRAME_MS} anyway.
 */

/** Longest wait for a frame. */
export const NO_FRAME_MS = 100;

export function afterNextPaint(work: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(work, 0);
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    work();
  };
  const fallback = setTimeout(once, NO_FRAME_MS);
  requestAnimationFrame(() => setTimeout(once, 0));
}

/** {@link afterNextPaint} as a promise. */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => afterNextPaint(resolve));
}
