import { useServices } from '../store/use-app.ts';

/** Zoom out, in, to the memory handed out, to the whole heap. The wheel zooms around the pointer; a drag pans. */
export function ZoomButtons() {
  const services = useServices();
  return (
    <div className="zoom-buttons" role="group" aria-label="zoom">
      <span className="hint">wheel: zoom · drag: pan</span>
      <button type="button" title="Zoom out (-)" aria-label="zoom out" onClick={() => services.strip.current?.zoomBy(0.5)}>
        −
      </button>
      <button type="button" title="Zoom in (+)" aria-label="zoom in" onClick={() => services.strip.current?.zoomBy(2)}>
        +
      </button>
      <button type="button" title="Fit the memory handed out (u)" data-testid="zoom-used" onClick={() => services.strip.current?.showUsed()}>
        used
      </button>
      <button type="button" title="The whole heap (0)" data-testid="zoom-all" onClick={() => services.strip.current?.showAll()}>
        all
      </button>
    </div>
  );
}
