import type { StripView } from '../../core/scenario/scenario.ts';
import type { AppServices } from '../store/use-app.ts';

/** Frames to wait for the strip to show the restored heap before giving the view up (about 5 s). */
const MAX_FRAMES = 300;

/**
 * Shows a restored scenario's view (zoom, scroll: the format's units, which
 * are the strip's) once the strip is mounted and draws a heap of the
 * scenario's size: the strip resets its view when the heap size changes, so
 * a view set before would be lost. Waits at most MAX_FRAMES animation
 * frames; a later request replaces an earlier one. O(1) a frame.
 */
export class StripViewRestorer {
  private request = 0;

  constructor(private readonly services: Pick<AppServices, 'strip' | 'connection'>) {}

  apply(view: StripView, heapSize: number): void {
    const request = ++this.request;
    let frames = 0;
    const attempt = () => {
      if (request !== this.request) return;
      const strip = this.services.strip.current;
      const picture = this.services.connection.reader.current();
      if (strip && picture && picture.heapSize === heapSize) {
        strip.setView(view);
        return;
      }
      if (++frames < MAX_FRAMES) requestAnimationFrame(attempt);
    };
    attempt();
  }

  /** Forgets a pending request (the page shows another heap). */
  cancel(): void {
    this.request++;
  }
}
