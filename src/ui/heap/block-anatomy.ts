import type { StrategyName } from '../../core/strategy.ts';
import { HOLE_NEXT, HOLE_SIZE } from '../../core/strategies/hole-list.ts';
import { NODE_ADDR, NODE_NEXT as LULU_NEXT, NODE_SIZE } from '../../core/strategies/lululucator.ts';
import { NODE_NEXT as BUDDY_NEXT, NODE_PREV as BUDDY_PREV } from '../../core/strategies/buddy.ts';
import { CLASS_COUNT } from '../../core/strategies/fixed-block.ts';
import { WSIZE } from '../../core/strategies/implicit.ts';
import { NODE_NEXT as TLSF_NEXT, NODE_PREV as TLSF_PREV } from '../../core/strategies/tlsf.ts';

/**
 * Where each strategy keeps its metadata inside a block: what the strip
 * shades (headers, footers, free-list nodes) and what the inspector decodes.
 * The engine's Strategy interface says only `headerBytes`; the rest is read
 * from each strategy's own layout constants (their module comments describe
 * the layouts).
 */

export type FieldKind =
  /** A free-list link: the offset of another node, or NIL. */
  | 'link'
  /** The block's own offset (the Lululucator's `addr`, TLSF's prev_phys). */
  | 'addr'
  | 'size'
  /** A size with flag bits in its low 3 bits. */
  | 'tag';

export interface BlockField {
  readonly name: string;
  /** Byte offset from the block's start. */
  readonly at: number;
  /** 4 or 8 bytes. */
  readonly width: 4 | 8;
  readonly kind: FieldKind;
  /** For `tag`: the meaning of bits 0, 1 and 2. */
  readonly flags?: readonly string[];
}

export interface BlockAnatomy {
  /** Metadata bytes at the end of an allocated block. */
  readonly footerBytes: number;
  /** For a free block of list `list`: metadata bytes at its start (the node) and at its end. */
  freeBands(list: number): { readonly head: number; readonly tail: number };
  /** The fields the inspector decodes, for a block of `span` bytes (list -1: allocated). */
  fields(list: number, span: number): readonly BlockField[];
}

const NONE: BlockAnatomy = { footerBytes: 0, freeBands: () => ({ head: 0, tail: 0 }), fields: () => [] };

const holeNode = (next = 'next'): BlockField[] => [
  { name: next, at: HOLE_NEXT, width: 8, kind: 'link' },
  { name: 'size', at: HOLE_SIZE, width: 8, kind: 'size' },
];

const ANATOMIES: Record<StrategyName, BlockAnatomy> = {
  lululucator: {
    footerBytes: 0,
    freeBands: () => ({ head: 24, tail: 0 }),
    fields: (list) =>
      list < 0
        ? []
        : [
            { name: 'next', at: LULU_NEXT, width: 8, kind: 'link' },
            { name: 'addr', at: NODE_ADDR, width: 8, kind: 'addr' },
            { name: 'size', at: NODE_SIZE, width: 8, kind: 'size' },
          ],
  },
  bump: NONE,
  'first-fit': { footerBytes: 0, freeBands: () => ({ head: 16, tail: 0 }), fields: (list) => (list < 0 ? [] : holeNode()) },
  'next-fit': { footerBytes: 0, freeBands: () => ({ head: 16, tail: 0 }), fields: (list) => (list < 0 ? [] : holeNode()) },
  'best-fit': { footerBytes: 0, freeBands: () => ({ head: 16, tail: 0 }), fields: (list) => (list < 0 ? [] : holeNode()) },
  'fixed-block': {
    footerBytes: 0,
    freeBands: (list) => ({ head: list < CLASS_COUNT ? 8 : 16, tail: 0 }),
    fields: (list) => (list < 0 ? [] : list < CLASS_COUNT ? [{ name: 'next', at: 0, width: 8, kind: 'link' }] : holeNode()),
  },
  buddy: {
    footerBytes: 0,
    freeBands: () => ({ head: 16, tail: 0 }),
    fields: (list) =>
      list < 0
        ? []
        : [
            { name: 'next', at: BUDDY_NEXT, width: 8, kind: 'link' },
            { name: 'prev', at: BUDDY_PREV, width: 8, kind: 'link' },
          ],
  },
  implicit: {
    footerBytes: WSIZE,
    freeBands: () => ({ head: WSIZE, tail: WSIZE }),
    fields: (_list, span) => [
      { name: 'header', at: 0, width: 4, kind: 'tag', flags: ['alloc'] },
      { name: 'footer', at: span - WSIZE, width: 4, kind: 'tag', flags: ['alloc'] },
    ],
  },
  tlsf: {
    footerBytes: 0,
    freeBands: () => ({ head: TLSF_PREV + 8, tail: 8 }),
    fields: (list, span) => {
      const size: BlockField = { name: 'size', at: 0, width: 8, kind: 'tag', flags: ['FREE', 'PREV_FREE'] };
      if (list < 0) return [size];
      return [
        size,
        { name: 'next_free', at: TLSF_NEXT, width: 8, kind: 'link' },
        { name: 'prev_free', at: TLSF_PREV, width: 8, kind: 'link' },
        { name: 'prev_phys (own offset)', at: span - 8, width: 8, kind: 'addr' },
      ];
    },
  },
};

/** The anatomy of `strategy`'s blocks. O(1). */
export function anatomyOf(strategy: StrategyName): BlockAnatomy {
  return ANATOMIES[strategy] ?? NONE;
}
