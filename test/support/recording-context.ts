import type { StripContext } from '../../src/ui/strip/render-strip.ts';

/** A canvas context that records calls instead of drawing: the renderer's tests need no DOM. */
export class RecordingContext implements StripContext {
  fillStyle: string | CanvasGradient | CanvasPattern = '#000';
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000';
  lineWidth = 1;
  font = '';
  textAlign: CanvasTextAlign = 'left';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  globalAlpha = 1;
  imageSmoothingEnabled = true;
  /** Images drawn: where they went (destination rect, the last four numbers of a drawImage). */
  readonly images: { x: number; y: number; w: number; h: number }[] = [];
  readonly calls = new Map<string, number>();
  /** Rects of filled paths and fillRect calls, with the fill style they got. */
  readonly filled: { x: number; y: number; w: number; h: number; style: unknown }[] = [];
  readonly stroked: { x: number; y: number; w: number; h: number; style: unknown }[] = [];
  readonly texts: string[] = [];
  private path: { x: number; y: number; w: number; h: number }[] = [];

  private count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.count('fillRect');
    this.filled.push({ x, y, w, h, style: this.fillStyle });
  }
  strokeRect(x: number, y: number, w: number, h: number): void {
    this.count('strokeRect');
    this.stroked.push({ x, y, w, h, style: this.strokeStyle });
  }
  beginPath(): void {
    this.path = [];
  }
  closePath(): void {}
  moveTo(): void {}
  lineTo(): void {}
  quadraticCurveTo(): void {
    this.count('curve');
  }
  bezierCurveTo(): void {
    this.count('curve');
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.count('rect');
    this.path.push({ x, y, w, h });
  }
  fill(): void {
    this.count('fill');
    for (const r of this.path) this.filled.push({ ...r, style: this.fillStyle });
  }
  stroke(): void {
    this.count('stroke');
  }
  fillText(text: string): void {
    this.count('fillText');
    this.texts.push(text);
  }
  drawImage(_image: unknown, ...at: number[]): void {
    this.count('drawImage');
    const [x, y, w, h] = at.slice(-4);
    this.images.push({ x, y, w, h });
  }
  save(): void {}
  restore(): void {}
  setLineDash(): void {}

  /** Rects drawn per call kind: one fillRect or one rect in a path each. */
  get rectCount(): number {
    return (this.calls.get('fillRect') ?? 0) + (this.calls.get('rect') ?? 0);
  }
}
