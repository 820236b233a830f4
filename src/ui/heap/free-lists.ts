import type { FreeWalk } from '../../core/block-layout.ts';
import type { Strategy } from '../../core/strategy.ts';

/** One free list as far as it has been walked: node starts and spans, head first. */
export interface FreeListPicture {
  readonly name: string;
  /** Nodes in the whole list (the walked prefix may hold fewer). */
  readonly length: number;
  readonly start: Float64Array;
  readonly span: Float64Array;
}

/**
 * A picture's free lists in list order, walked from the heap's bytes only
 * as far as someone looks: the strip's first arrows and the free-list rows
 * in view cost the nodes they show, not the hundreds of thousands a long
 * Lululucator trace leaves (a walk costs a cache miss a node). Each prefix
 * is walked once per picture; a longer one walks again, at least twice as
 * far, so the walks cost O(nodes finally looked at).
 *
 * A walk reads the shared heap, so it is refused (null) once the heap has
 * moved past the picture's version, and dropped if it moved during the walk:
 * a newer picture is then on its way.
 *
 * Invariants: `lengths` are the picture's own counts (from its layout);
 * every list of a walk holds min(its length, the nodes asked) nodes, or the
 * walk found the heap changed.
 */
export class FreeLists {
  private walked: readonly FreeListPicture[] | null = null;
  private walkedNodes = 0;
  /** The walk the lists were read from, when they were read whole in one ({@link fromWalk}): a later read of the same heap reuses it. */
  walk: FreeWalk | null = null;

  constructor(
    private readonly strategy: Strategy,
    readonly names: readonly string[],
    /** Nodes in each list. */
    readonly lengths: Int32Array,
    /** True while the heap is still the one the picture was read from. */
    private readonly current: () => boolean,
  ) {}

  /** Nodes in all lists. O(lists). */
  get total(): number {
    let n = 0;
    for (let l = 0; l < this.lengths.length; l++) n += this.lengths[l];
    return n;
  }

  /** The lists of one complete walk of the heap the reader already did (no walk later). O(free blocks). */
  static fromWalk(strategy: Strategy, walk: FreeWalk): FreeLists {
    const names = strategy.freeListNames();
    const lists = splitByList(walk, names);
    const out = new FreeLists(strategy, names, Int32Array.from(lists, (list) => list.length), () => true);
    out.walked = lists;
    out.walkedNodes = Infinity;
    out.walk = walk;
    return out;
  }

  /**
   * The first `nodes` nodes of each list (all of a shorter list), or null
   * when the heap has moved on. O(1) when walked already; else a walk that
   * stops once every list has what was asked.
   */
  prefix(nodes: number): readonly FreeListPicture[] | null {
    if (this.walked && nodes <= this.walkedNodes) return this.walked;
    if (!this.current()) return null;
    const want = Math.max(nodes, 2 * this.walkedNodes, 64);
    const lists = this.names.map((name, l) => {
      const size = Math.min(want, this.lengths[l]);
      return { name, length: this.lengths[l], start: new Float64Array(size), span: new Float64Array(size) };
    });
    const filled = new Int32Array(lists.length);
    let unsatisfied = lists.reduce((n, list) => n + (list.start.length > 0 ? 1 : 0), 0);
    // A torn or cyclic list is cut once it has given more nodes than all lists hold.
    let budget = this.total + 16;
    if (unsatisfied > 0) {
      this.strategy.walkFreeLists((l, start, span) => {
        if (--budget < 0) return false;
        const list = lists[l];
        if (!list) return;
        const i = filled[l];
        if (i >= list.start.length) return;
        list.start[i] = start;
        list.span[i] = span;
        filled[l] = i + 1;
        if (i + 1 === list.start.length && --unsatisfied === 0) return false;
      });
    }
    if (!this.current() || filled.some((f, l) => f !== lists[l].start.length)) return null;
    this.walked = lists;
    this.walkedNodes = want;
    return lists;
  }

  /** Every node of every list, or null when the heap has moved on. O(free blocks) the first time. */
  all(): readonly FreeListPicture[] | null {
    return this.prefix(Infinity);
  }

  /**
   * Where the free block at `start` is in list `l`: its rank (0 = head) and
   * the start of the node after it (-1 for the last). Null when the heap has
   * moved on or the block is not in the list. O(free blocks): a whole walk
   * the first time, then a scan of that list's starts.
   */
  placeOf(l: number, start: number): { rank: number; next: number } | null {
    const lists = this.all();
    const list = lists?.[l];
    if (!list) return null;
    const rank = list.start.indexOf(start);
    if (rank < 0) return null;
    return { rank, next: rank + 1 < list.start.length ? list.start[rank + 1] : -1 };
  }
}

/** A walk's entries list by list, in walk order. O(free blocks). */
function splitByList(walk: FreeWalk, names: readonly string[]): FreeListPicture[] {
  const sizes = new Int32Array(names.length);
  for (let j = 0; j < walk.count; j++) if (walk.list[j] >= 0 && walk.list[j] < names.length) sizes[walk.list[j]]++;
  const lists = names.map((name, l) => ({ name, length: sizes[l], start: new Float64Array(sizes[l]), span: new Float64Array(sizes[l]) }));
  const filled = new Int32Array(names.length);
  for (let j = 0; j < walk.count; j++) {
    const l = walk.list[j];
    if (l < 0 || l >= names.length) continue;
    const i = filled[l]++;
    lists[l].start[i] = walk.start[j];
    lists[l].span[i] = walk.span[j];
  }
  return lists;
}
