/**
 * A search index over a LIFO free list: "the first node, in list order, whose
 * size is at least b" and "the node before this one in the list" in
 * O(log n), where walking the list costs O(n). It is a cache of the list the
 * heap bytes hold, never the list itself: it gives exactly the node the walk
 * would give, and `rebuild` derives it again from the list.
 *
 * Slots are numbered in push order, so the list, head first, is the
 * occupied slots in descending order: a push takes a new highest slot, an
 * unlink empties a slot, a split keeps the node's slot (its place in the
 * list) with the new offset and size. A max-tree over the slots' sizes
 * answers both queries. Memory: 12 bytes a slot, slots = pushes since the
 * last rebuild (the tree doubles when full, O(n) amortised to O(1)).
 */
export class LifoFitIndex {
  /** Max-tree: node i covers its children 2i and 2i+1; leaves at capacity + slot. 0 = empty slot. */
  private tree = new Int32Array(2);
  private offsets = new Int32Array(1);
  private capacity = 1;
  private nextSlot = 0;
  /** Occupied slots. */
  count = 0;
  /** atLeast's depth-first stack: at most two entries a level, 32 levels. */
  private stack = new Int32Array(64);

  constructor() {
    this.clear();
  }

  clear(): void {
    this.tree = new Int32Array(2 * 64);
    this.offsets = new Int32Array(64);
    this.capacity = 64;
    this.nextSlot = 0;
    this.count = 0;
  }

  /** A node pushed at the head of the list; its slot. O(log n) amortised. */
  push(offset: number, size: number): number {
    if (this.nextSlot === this.capacity) this.grow();
    const slot = this.nextSlot++;
    this.offsets[slot] = offset;
    this.set(slot, size);
    this.count++;
    return slot;
  }

  /** The first slot in list order (the highest) whose size is at least `size`, or -1. O(log n). */
  firstFit(size: number): number {
    const tree = this.tree;
    if (tree[1] < size) return -1;
    let i = 1;
    const cap = this.capacity;
    while (i < cap) i = tree[2 * i + 1] >= size ? 2 * i + 1 : 2 * i;
    return i - cap;
  }

  /** The slot before `slot` in list order (the nearest occupied higher slot), or -1 for the head. O(log n). */
  previous(slot: number): number {
    const tree = this.tree;
    const cap = this.capacity;
    let i = slot + cap;
    while (i > 1) {
      if ((i & 1) === 0 && tree[i + 1] > 0) {
        i = i + 1;
        while (i < cap) i = tree[2 * i] > 0 ? 2 * i : 2 * i + 1;
        return i - cap;
      }
      i >>= 1;
    }
    return -1;
  }

  /** The largest size in the list (0 when empty). O(1). */
  largest(): number {
    return this.tree[1];
  }

  offsetOf(slot: number): number {
    return this.offsets[slot];
  }

  sizeOf(slot: number): number {
    return this.tree[this.capacity + slot];
  }

  /** The node kept its place in the list but moved (a split). O(log n). */
  move(slot: number, offset: number, size: number): void {
    this.offsets[slot] = offset;
    this.set(slot, size);
  }

  /** The node left the list. O(log n). */
  remove(slot: number): void {
    this.set(slot, 0);
    this.count--;
  }

  /**
   * Writes the offset and size of every node of at least `min` bytes into
   * `into` (pairs, list order), at most `most` of them. Their count, or -1
   * when there are more. O(k log n) for k nodes: the max-tree prunes every
   * subtree whose largest is smaller.
   */
  atLeast(min: number, into: Int32Array, most: number): number {
    const tree = this.tree;
    const cap = this.capacity;
    if (min < 1) min = 1;
    if (tree[1] < min) return 0;
    // Depth-first from the root, higher slots (nearer the head) first.
    const stack = this.stack;
    let top = 0;
    stack[top++] = 1;
    let n = 0;
    while (top > 0) {
      const i = stack[--top];
      if (i >= cap) {
        if (n === most) return -1;
        into[2 * n] = this.offsets[i - cap];
        into[2 * n + 1] = tree[i];
        n++;
        continue;
      }
      if (tree[2 * i] >= min) stack[top++] = 2 * i;
      if (tree[2 * i + 1] >= min) stack[top++] = 2 * i + 1;
    }
    return n;
  }

  /** Visits the occupied slots in list order (head first). O(slots). */
  forEachInListOrder(visit: (offset: number, size: number) => void): void {
    const cap = this.capacity;
    for (let s = this.nextSlot - 1; s >= 0; s--) {
      const size = this.tree[cap + s];
      if (size > 0) visit(this.offsets[s], size);
    }
  }

  /**
   * The occupied slots, the list's tail first (the order of their slots):
   * offsets, then sizes. Branch-free: each slot is written and the cursor
   * moves on only past an occupied one (hence one spare cell, left out of
   * the views). O(slots).
   */
  compactSlots(): [Int32Array, Int32Array] {
    const n = this.count;
    const offsets = new Int32Array(n + 1);
    const sizes = new Int32Array(n + 1);
    const tree = this.tree;
    const from = this.offsets;
    const cap = this.capacity;
    let k = 0;
    for (let s = 0; s < this.nextSlot; s++) {
      const size = tree[cap + s];
      offsets[k] = from[s];
      sizes[k] = size;
      k += size > 0 ? 1 : 0;
    }
    return [offsets.subarray(0, n), sizes.subarray(0, n)];
  }

  /**
   * Rebuilds from what {@link compactSlots} gave: slot k holds entry k. O(n
   * + the slots used since the last rebuild), the leaves copied in bulk: the
   * arrays are kept when their capacity is at least the one needed, never
   * shrunk (a timeline's seeks restore indexes of any size of the trace's
   * in turn: fresh arrays of megabytes at each jump between an early step
   * and a late one cost page faults and collections, in the middle of the
   * jump; the arrays stay at most the size the largest list needed, 12
   * bytes a slot), and only the part of the tree over the slots that were
   * or are now in use is cleared and summed again; the rest is zeros
   * already. A tree wider than needed is deeper (log2 of the largest list's
   * slots, about 20 levels after a million operations): O(log) a query all
   * the same.
   */
  rebuildFrom(offsets: Int32Array, sizes: Int32Array): void {
    const n = offsets.length;
    let cap = 64;
    while (cap < n * 2) cap *= 2;
    let used = n;
    if (this.capacity >= cap) {
      cap = this.capacity;
      used = Math.max(n, this.nextSlot);
      if (this.nextSlot > n) this.tree.fill(0, cap + n, cap + this.nextSlot);
    } else {
      this.tree = new Int32Array(2 * cap);
      this.offsets = new Int32Array(cap);
      this.capacity = cap;
    }
    this.offsets.set(offsets);
    this.tree.set(sizes, cap);
    sumLevels(this.tree, cap, used);
    this.nextSlot = n;
    this.count = n;
  }

  /** Rebuilds from the list itself, given head first. O(n). */
  rebuild(nodes: readonly { offset: number; size: number }[]): void {
    let cap = 64;
    while (cap < nodes.length * 2) cap *= 2;
    this.tree = new Int32Array(2 * cap);
    this.offsets = new Int32Array(cap);
    this.capacity = cap;
    this.nextSlot = 0;
    this.count = 0;
    for (let k = nodes.length - 1; k >= 0; k--) this.push(nodes[k].offset, nodes[k].size);
  }

  private set(slot: number, size: number): void {
    const tree = this.tree;
    let i = slot + this.capacity;
    tree[i] = size;
    for (i >>= 1; i >= 1; i >>= 1) {
      const m = tree[2 * i] > tree[2 * i + 1] ? tree[2 * i] : tree[2 * i + 1];
      if (tree[i] === m) break;
      tree[i] = m;
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const tree = new Int32Array(2 * cap);
    tree.set(this.tree.subarray(this.capacity, 2 * this.capacity), cap);
    for (let i = cap - 1; i >= 1; i--) tree[i] = tree[2 * i] > tree[2 * i + 1] ? tree[2 * i] : tree[2 * i + 1];
    const offsets = new Int32Array(cap);
    offsets.set(this.offsets);
    this.tree = tree;
    this.offsets = offsets;
    this.capacity = cap;
  }
}

/**
 * Sets each node over leaves [cap, cap + used) to the larger of its
 * children, level by level. O(used). A function of its own: run once a
 * rebuild, its loop is compiled on the stack (OSR), and V8 kept re-entering
 * that code and throwing it away at the method's next line, never run when
 * it was compiled (in Node, a deoptimisation at 285 seeks of 300; in the
 * page's traces, the worker spent 1 to 6 ms of a jump deoptimising).
 */
function sumLevels(tree: Int32Array, cap: number, used: number): void {
  for (let lo = cap >> 1, hi = (cap + used - 1) >> 1; used > 0 && lo >= 1; lo >>= 1, hi >>= 1) {
    for (let i = lo; i <= hi; i++) tree[i] = tree[2 * i] > tree[2 * i + 1] ? tree[2 * i] : tree[2 * i + 1];
  }
}
