import type { StripController } from './strip-controller.ts';

/** Where the mounted strip's controller is reachable from outside React (zoom buttons, shortcuts, tests). */
export class StripSlot {
  private controller: StripController | null = null;

  get current(): StripController | null {
    return this.controller;
  }

  set(controller: StripController | null): void {
    this.controller = controller;
  }
}
