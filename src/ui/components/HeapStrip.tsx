import { useEffect, useRef, useState } from 'react';
import type { StripHit } from '../strip/hit-test.ts';
import { StripController } from '../strip/strip-controller.ts';
import type { TimelineMirror } from '../../core/timeline/timeline-mirror.ts';
import { failureOf } from '../store/failure-of.ts';
import { useServices } from '../store/use-app.ts';
import { useElementSize } from '../hooks/use-element-size.ts';
import { StripTooltip } from './StripTooltip.tsx';

export interface HoverState {
  readonly hit: StripHit;
  readonly x: number;
  readonly y: number;
}

/**
 * The heap strip's canvas. The drawing is the StripController's, in an
 * animation frame, straight from the heap's bytes: the picture never goes
 * through a React render. React owns the element, its size and the tooltip.
 */
export function HeapStrip() {
  const services = useServices();
  const { store, connection } = services;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<StripController | null>(null);
  const [hover, setHover] = useState<HoverState | null>(null);
  const size = useElementSize(boxRef);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const reader = connection.reader;
    const controller = new StripController(canvas, {
      picture: () => reader.latest(),
      wholePicture: () => reader.wholeNow(),
      pictureFor: (plan) => reader.framePictureFor(plan),
      subscribePicture: (listener) => reader.subscribe(listener),
      selection: () => store.getState().selected,
      radix: () => store.getState().radix,
      tooSmall: () => failureOf(store.getState())?.error?.code === 'out-of-memory',
      subscribeState: (listener) =>
        store.subscribe((state, previous) => {
          if (state.selected !== previous.selected || state.radix !== previous.radix || state.currentOp !== previous.currentOp || state.failedClick !== previous.failedClick) listener();
        }),
      select: (ref) => store.getState().select(ref),
      hover: (hit, x, y) => setHover(hit ? { hit, x, y } : null),
    });
    controllerRef.current = controller;
    // The strip's first frame of a new heap reads the gaps it draws as columns as one block each.
    reader.setMergeGapsBelow(() => controller.detailSpan());
    // Or, where the strip can use them, as bytes a pixel column of its view, without sorting the live blocks.
    reader.setFramePlan(() => controller.framePlan());
    services.strip.set(controller);
    // A trace just loaded (not a scenario, which brings its own view): fit the most memory it ever hands out.
    const unfit = store.subscribe((state, previous) => {
      if (state.trace === previous.trace || state.trace === null || state.trace.scenario !== null) return;
      if (previous.trace !== null && previous.trace.name === state.trace.name && previous.trace.pid === state.trace.pid && state.heapSize === previous.heapSize) return;
      controller.showUpTo(maxFootprint(connection.mirror));
    });
    return () => {
      unfit();
      reader.setMergeGapsBelow(null);
      reader.setFramePlan(null);
      controller.destroy();
      controllerRef.current = null;
      services.strip.set(null);
    };
  }, [services, store, connection]);

  useEffect(() => {
    if (size.width > 0 && size.height > 0) controllerRef.current?.resize(size.width, size.height);
  }, [size.width, size.height]);

  return (
    <div className="strip-box" ref={boxRef}>
      <canvas
        ref={canvasRef}
        data-testid="heap-strip"
        className="strip-canvas"
        role="img"
        aria-label="The heap, drawn from its bytes: blocks in address order, the free list as arrows. The block list below says the same in text."
        tabIndex={-1}
      />
      {hover && <StripTooltip hover={hover} />}
    </div>
  );
}

/** The largest footprint over the whole timeline. O(steps). */
function maxFootprint(mirror: TimelineMirror): number {
  let top = 0;
  const footprint = mirror.footprint;
  for (let k = 0; k <= mirror.length; k++) if (footprint[k] > top) top = footprint[k];
  return top;
}
