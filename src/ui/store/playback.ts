/**
 * The timeline's player: once a frame it moves the step on by what the
 * speed says for the time that passed (carrying fractions, so 1 op/s steps
 * once a second), and waits for that seek (which resolves once the frame
 * showing it is painted) before the next. At the top speed (Infinity) it
 * moves as far as the worker replays in about a third of a frame: the
 * stride doubles while the worker's part of a seek takes under a quarter of
 * a frame and halves when it takes more than half, so the page keeps
 * drawing at the display's rate whatever the trace.
 *
 * Invariant: at most one loop runs; `stop` ends it before its next seek.
 */
export interface PlaybackHost {
  position(): { step: number; length: number; speed: number };
  /** Moves to `step`; resolves once it is painted, with the worker's milliseconds for it. */
  seek(step: number): Promise<number>;
  /** Resolves at the next painted frame. */
  frame(): Promise<void>;
  /** The loop ended (paused, at the end, or stopped). */
  stopped(): void;
}

const FRAME_MS = 16;
const MAX_STRIDE = 1 << 20;

export class Playback {
  private run = 0;
  private active = false;
  private stride = 64;

  constructor(private readonly host: PlaybackHost) {}

  get playing(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    const run = ++this.run;
    void this.loop(run);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.run++;
    this.host.stopped();
  }

  private async loop(run: number): Promise<void> {
    let last = performance.now();
    let carry = 0;
    try {
      let painted = false;
      while (run === this.run) {
        // A seek resolves after its frame is painted: wait for a frame only when none was.
        if (!painted) await this.host.frame();
        painted = false;
        if (run !== this.run) return;
        const { step, length, speed } = this.host.position();
        if (step >= length) break;
        const now = performance.now();
        let advance: number;
        if (speed === Infinity) advance = this.stride;
        else {
          carry += ((now - last) / 1000) * speed;
          advance = Math.floor(carry);
          carry -= advance;
        }
        last = now;
        if (advance < 1) continue;
        const workMs = await this.host.seek(Math.min(length, step + advance));
        painted = true;
        if (speed === Infinity) {
          if (workMs < FRAME_MS / 4) this.stride = Math.min(MAX_STRIDE, this.stride * 2);
          else if (workMs > FRAME_MS / 2) this.stride = Math.max(1, this.stride >> 1);
        }
      }
    } finally {
      if (run === this.run && this.active) {
        this.active = false;
        this.host.stopped();
      }
    }
  }
}
