import type { Strategy } from './strategy.ts';

/**
 * Rust's default `GlobalAlloc::realloc` (and the CS:APP textbook's): allocate
 * the new block first, copy min(old, new) requested bytes, free the old block.
 * If the allocation fails nothing has changed. Cost: one alloc + one free +
 * O(copied bytes).
 */
export function reallocByMove(strategy: Strategy, payload: number, span: number, requested: number, size: number): number {
  const to = strategy.alloc(size);
  if (to < 0) return -1;
  const newSpan = strategy.lastSpan;
  const copied = Math.min(requested, size);
  strategy.memory.copy(payload, to, copied);
  strategy.events?.emit({ kind: 'move', from: payload, to, copied });
  strategy.free(payload, span, requested);
  strategy.lastSpan = newSpan;
  return to;
}
