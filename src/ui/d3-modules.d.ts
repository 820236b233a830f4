/**
 * Types for the few d3 functions the page uses (the project carries no
 * @types/d3-* packages). Only what is called is declared.
 */

declare module 'd3-scale' {
  export interface ScaleLinear {
    (value: number): number;
    domain(): [number, number];
    domain(domain: readonly [number, number]): ScaleLinear;
    range(): [number, number];
    range(range: readonly [number, number]): ScaleLinear;
    ticks(count?: number): number[];
    invert(value: number): number;
    clamp(clamp: boolean): ScaleLinear;
    nice(count?: number): ScaleLinear;
  }
  export function scaleLinear(): ScaleLinear;
}

declare module 'd3-selection' {
  export interface Selection<E extends Element> {
    node(): E | null;
    call(fn: (selection: Selection<E>, ...args: never[]) => unknown, ...args: unknown[]): Selection<E>;
    on(type: string, listener: ((event: Event) => void) | null): Selection<E>;
  }
  export function select<E extends Element>(node: E): Selection<E>;
}

declare module 'd3-zoom' {
  import type { Selection } from 'd3-selection';

  export class ZoomTransform {
    constructor(k: number, x: number, y: number);
    readonly k: number;
    readonly x: number;
    readonly y: number;
    scale(k: number): ZoomTransform;
    translate(x: number, y: number): ZoomTransform;
    invertX(x: number): number;
    applyX(x: number): number;
  }

  export interface D3ZoomEvent<E extends Element> {
    readonly type: 'start' | 'zoom' | 'end';
    readonly transform: ZoomTransform;
    readonly sourceEvent: Event | null;
    readonly target: ZoomBehavior<E>;
  }

  export interface ZoomBehavior<E extends Element> {
    (selection: Selection<E>): void;
    scaleExtent(extent: readonly [number, number]): ZoomBehavior<E>;
    translateExtent(extent: readonly [readonly [number, number], readonly [number, number]]): ZoomBehavior<E>;
    extent(extent: readonly [readonly [number, number], readonly [number, number]]): ZoomBehavior<E>;
    constrain(fn: (transform: ZoomTransform, extent: [[number, number], [number, number]], translateExtent: [[number, number], [number, number]]) => ZoomTransform): ZoomBehavior<E>;
    filter(fn: (event: Event & { button?: number; ctrlKey?: boolean }) => boolean): ZoomBehavior<E>;
    clickDistance(distance: number): ZoomBehavior<E>;
    on(type: string, listener: ((event: D3ZoomEvent<E>) => void) | null): ZoomBehavior<E>;
    transform(selection: Selection<E>, transform: ZoomTransform, point?: readonly [number, number]): void;
    scaleBy(selection: Selection<E>, k: number, point?: readonly [number, number]): void;
    scaleTo(selection: Selection<E>, k: number, point?: readonly [number, number]): void;
    translateBy(selection: Selection<E>, x: number, y: number): void;
  }

  export function zoom<E extends Element>(): ZoomBehavior<E>;
  export const zoomIdentity: ZoomTransform;
  export function zoomTransform(node: Element): ZoomTransform;
}
