import { HeapStrip } from './HeapStrip.tsx';
import { Legend } from './Legend.tsx';
import { StripSummary } from './StripSummary.tsx';
import { WorkerBanner } from './WorkerBanner.tsx';
import { ZoomButtons } from './ZoomButtons.tsx';

/** The heap strip with its summary line, zoom buttons and legend. */
export function StripPanel() {
  return (
    <section className="panel strip-panel" aria-label="heap strip">
      <div className="panel-head">
        <h2>Heap</h2>
        <StripSummary />
        <ZoomButtons />
      </div>
      <div className="strip-stage">
        <HeapStrip />
        <WorkerBanner />
      </div>
      <Legend />
    </section>
  );
}
