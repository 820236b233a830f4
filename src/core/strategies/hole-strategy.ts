import type { EventSink } from '../events.ts';
import type { OutOfMemory } from '../failure.ts';
import type { HeapMemory } from '../heap-memory.ts';
import type { LiveTable } from '../live-table.ts';
import { reallocByMove } from '../realloc-by-move.ts';
import type { FreeBlockVisitor, Strategy, StrategyName } from '../strategy.ts';
import { CheckedBlocks } from './checked-blocks.ts';
import { HOLE_REGISTERS, HoleList, MIN_HOLE as HOLE_MIN, holeBlock as holeBlockOf } from './hole-list.ts';

/**
 * What first-fit, next-fit and best-fit share, after the linked_list_allocator
 * crate: no header (the caller frees with the span), one address-ordered
 * list of holes that starts as the whole heap, blocks cut from a hole's
 * front, frees merged with both neighbours. Each subclass says only which
 * hole an allocation takes ({@link takeHole}).
 *
 * Invariants: the hole list's (see hole-list.ts); holes and live blocks tile
 * [0, heap size); no two holes touch; the high-water register is at least
 * the end of every block ever handed out, and never moves down.
 */

/** Module-local copies, read once: they stay fast where a transpiler turns imports into getters (tsx). */
const MIN_HOLE: number = HOLE_MIN;
const holeBlock = holeBlockOf;

/** Registers: the hole list from 0, then the allocator's own. */
const HOLES_BASE = 0;
const R_HIGH_WATER = HOLES_BASE + HOLE_REGISTERS;

export abstract class HoleStrategy implements Strategy {
  abstract readonly name: StrategyName;
  readonly headerBytes = 0;
  events: EventSink | null = null;
  lastSpan = 0;
  lastFailure: OutOfMemory | null = null;
  protected readonly holes: HoleList;
  private readonly regs: Int32Array;
  /** The checker's scratch blocks, kept between checks. */
  private scratch: CheckedBlocks | null = null;

  constructor(readonly memory: HeapMemory) {
    this.regs = memory.regs;
    this.holes = new HoleList(memory, HOLES_BASE, 0, this);
  }

  /** Takes a hole of at least `block` bytes by the subclass's policy: the offset (span in holes.takenSpan), or -1 with nothing changed. */
  protected abstract takeHole(block: number): number;

  /** The whole heap becomes one hole. O(1). */
  reset(): void {
    this.memory.clearRegisters();
    this.holes.reset(0, this.memory.size);
  }

  /** The cost of {@link takeHole}. */
  alloc(size: number): number {
    const block = holeBlock(size);
    const offset = this.takeHole(block);
    if (offset < 0) return this.outOfMemory(size, block);
    const span = this.holes.takenSpan;
    this.lastSpan = span;
    if (offset + span > this.regs[R_HIGH_WATER]) this.regs[R_HIGH_WATER] = offset + span;
    return offset;
  }

  /** O(holes below the block): an address-ordered insert, merged with its neighbours. */
  free(payload: number, span: number): void {
    this.holes.insertSorted(payload, span);
  }

  /**
   * Shrinks in place (the tail goes back to the holes when it can hold a
   * node), grows in place into the hole right after the block, else
   * alloc new + copy + free old. O(holes) + the copy when it moves.
   */
  realloc(payload: number, span: number, requested: number, size: number): number {
    const block = holeBlock(size);
    if (block <= span) {
      const tail = span - block;
      if (tail < MIN_HOLE) return this.inPlace(payload, span);
      this.inPlace(payload, block);
      this.holes.insertSorted(payload + block, tail);
      return payload;
    }
    const extra = this.holes.takeAt(payload + span, block - span);
    if (extra >= 0) {
      const grown = span + extra;
      if (payload + grown > this.regs[R_HIGH_WATER]) this.regs[R_HIGH_WATER] = payload + grown;
      return this.inPlace(payload, grown);
    }
    return reallocByMove(this, payload, span, requested, size);
  }

  /** The tail hole reaches the heap's end, so the block list covers the whole heap. */
  end(): number {
    return this.memory.size;
  }
  capacity(): number {
    return this.memory.size;
  }
  /** The highest byte ever handed out (high-water register). */
  footprint(): number {
    return this.regs[R_HIGH_WATER];
  }
  /**
   * Every write since the reset lies below the high-water mark plus one
   * node: hole nodes sit at hole starts, which are the heap start or the end
   * of a block handed out; copies go into blocks handed out. O(1).
   */
  touchedEnd(): number {
    return Math.min(this.memory.size, this.regs[R_HIGH_WATER] + MIN_HOLE);
  }
  freeBytes(): number {
    return this.holes.bytes();
  }
  freeBlockCount(): number {
    return this.holes.count();
  }
  bumpPointer(): number {
    return -1;
  }
  freeListNames(): readonly string[] {
    return ['holes (address-ordered)'];
  }

  /** O(holes), lowest address first. */
  walkFreeLists(visit: FreeBlockVisitor): void {
    this.holes.walk(visit, this.memory.size);
  }

  check(live: LiveTable): string | null {
    const size = this.memory.size;
    const broken = this.holes.check(size, 'hole list');
    if (broken !== null) return broken;
    const high = this.regs[R_HIGH_WATER];
    if (high < 0 || high > size || high % 8 !== 0) return `high-water mark ${high} is outside [0, heap size] or not 8-aligned`;
    const blocks = (this.scratch ??= new CheckedBlocks());
    blocks.clear();
    if (blocks.addLive(live, 0) > high) return aboveHighWater(live, high);
    this.holes.walk((_list, start, span) => blocks.add(start, span, -1), size);
    return blocks.tiling(0, size, true);
  }

  private inPlace(payload: number, span: number): number {
    this.lastSpan = span;
    this.events?.emit({ kind: 'in-place', offset: payload, span });
    return payload;
  }

  private outOfMemory(request: number, block: number): -1 {
    const largest = this.holes.largest();
    this.lastFailure = { code: 'out-of-memory', request, block, totalFree: this.holes.bytes(), largestFree: largest };
    this.events?.emit({
      kind: 'fail',
      reason: this.holes.bytes() < block ? `only ${this.holes.bytes()} bytes free in all` : `no hole of ${block} bytes (the largest is ${largest})`,
    });
    return -1;
  }
}

/** Names the first live block that ends above the high-water mark `high`. O(ids). */
function aboveHighWater(live: LiveTable, high: number): string {
  let above = '';
  live.forEachLive((id, payload, span) => {
    if (above === '' && payload + span > high) above = `block #${id} ends at ${payload + span}, above the high-water mark ${high}`;
  });
  return above;
}
