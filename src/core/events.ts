/**
 * What an allocator says it did, one event per memory action: the
 * Lululucator's debug build printed these live; here every strategy emits them.
 * Offsets are block starts (metadata included) unless the field says payload.
 */
export type HeapEvent =
  /** The heap was reserved or grown: `from` is the old break, `to` the new one. */
  | { readonly kind: 'sbrk'; readonly from: number; readonly to: number }
  /** A block was cut from fresh memory at the bump pointer, which moved to `to`. */
  | { readonly kind: 'bump'; readonly offset: number; readonly span: number; readonly to: number }
  /**
   * A free block was reused: `exact` (same size), `whole` (the node went out
   * entire, `span` larger than asked), `split` (the front went out, `left`
   * bytes stay free at `rest`).
   */
  | {
      readonly kind: 'reuse';
      readonly how: 'exact' | 'whole' | 'split';
      readonly node: number;
      readonly offset: number;
      readonly span: number;
      readonly left: number;
      readonly rest: number;
      readonly list: number;
    }
  /** A freed block was put on free list `list` (`at`: head, or an address-ordered insert). */
  | { readonly kind: 'push'; readonly offset: number; readonly span: number; readonly list: number; readonly at: 'head' | 'sorted' | 'tail' }
  /** Free neighbours merged into one free block `offset .. offset + span`. */
  | { readonly kind: 'coalesce'; readonly offset: number; readonly span: number; readonly with: 'prev' | 'next' | 'both' | 'buddy' }
  /** A block was split without being reused whole (buddy halving, tlsf remainder). */
  | { readonly kind: 'split'; readonly offset: number; readonly span: number; readonly rest: number; readonly left: number }
  /** realloc moved the payload from `from` to `to`, copying `copied` bytes. */
  | { readonly kind: 'move'; readonly from: number; readonly to: number; readonly copied: number }
  /** realloc kept the block where it was (grown or shrunk in place). */
  | { readonly kind: 'in-place'; readonly offset: number; readonly span: number }
  /** The bump allocator took back its whole arena: every block was free. */
  | { readonly kind: 'reset'; readonly to: number }
  /** The operation failed; `reason` is a sentence. */
  | { readonly kind: 'fail'; readonly reason: string };

export type HeapEventKind = HeapEvent['kind'];

/** Receives events as they happen. Strategies only build events when a sink is attached. */
export interface EventSink {
  emit(event: HeapEvent): void;
}

/** A sink that keeps the events of the current operation. */
export class EventBuffer implements EventSink {
  events: HeapEvent[] = [];
  emit(event: HeapEvent): void {
    this.events.push(event);
  }
  /** The events so far, and an empty buffer for the next operation. */
  take(): HeapEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}
