/**
 * Addresses to ids (whole numbers), in one typed array: an open-addressing
 * hash table with linear probing and backward-shift deletion, so it holds
 * exactly the addresses a program holds now and stays small (a few
 * thousand live blocks fit in the processor's cache, however many millions
 * of calls came before). Each slot is two doubles side by side (address,
 * id). A JavaScript Map would box most 64-bit addresses as heap numbers and
 * make garbage on every call; this makes none. Invariant: at most half the
 * slots are used, an empty slot's address is -1, and every entry sits
 * between its home slot and the first empty slot after it. Cost: O(1)
 * expected per operation; 16 bytes a slot.
 */
const EMPTY = -1;
const WIDTH = 2;

export class AddressMap {
  /** [address, id] per slot. */
  private data: Float64Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.data = new Float64Array(slots * WIDTH).fill(EMPTY);
    this.mask = slots - 1;
  }

  /** Entries held. */
  get size(): number {
    return this.used;
  }

  /**
   * Where `addr` (a whole number, 0 <= addr < 2^53) is, or would go: a
   * position for {@link has}, {@link id}, {@link put} and {@link remove},
   * valid until the next put or remove. O(1) expected.
   */
  find(addr: number): number {
    const data = this.data;
    let i = slot(addr) & this.mask;
    for (;;) {
      const at = i * WIDTH;
      const k = data[at];
      if (k === addr || k === EMPTY) return at;
      i = (i + 1) & this.mask;
    }
  }

  /** Whether the position `find(addr)` gave holds `addr`. */
  has(at: number, addr: number): boolean {
    return this.data[at] === addr;
  }

  id(at: number): number {
    return this.data[at + 1];
  }

  /** Stores `addr` with its id at the position `find(addr)` gave. Amortised O(1). */
  put(at: number, addr: number, id: number): void {
    const data = this.data;
    const fresh = data[at] === EMPTY;
    data[at] = addr;
    data[at + 1] = id;
    if (fresh && ++this.used * 2 > data.length / WIDTH) this.grow();
  }

  /** Removes the entry at `at` (which holds one), shifting back the entries after it. O(1) expected. */
  remove(at: number): void {
    const data = this.data;
    const mask = this.mask;
    let hole = at / WIDTH;
    let j = hole;
    for (;;) {
      j = (j + 1) & mask;
      const addr = data[j * WIDTH];
      if (addr === EMPTY) break;
      const home = slot(addr) & mask;
      // The entry at j may fill the hole if its home is not in (hole, j], cyclically.
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      data[hole * WIDTH] = addr;
      data[hole * WIDTH + 1] = data[j * WIDTH + 1];
      hole = j;
    }
    data[hole * WIDTH] = EMPTY;
    this.used--;
  }

  /** Calls `visit` with every id held. O(slots). */
  forEachId(visit: (id: number) => void): void {
    const data = this.data;
    for (let j = 0; j < data.length; j += WIDTH) if (data[j] !== EMPTY) visit(data[j + 1]);
  }

  clear(): void {
    this.data.fill(EMPTY);
    this.used = 0;
  }

  private grow(): void {
    const old = this.data;
    const slots = (old.length / WIDTH) * 2;
    const data = new Float64Array(slots * WIDTH).fill(EMPTY);
    const mask = slots - 1;
    for (let j = 0; j < old.length; j += WIDTH) {
      const addr = old[j];
      if (addr === EMPTY) continue;
      let i = slot(addr) & mask;
      while (data[i * WIDTH] !== EMPTY) i = (i + 1) & mask;
      data[i * WIDTH] = addr;
      data[i * WIDTH + 1] = old[j + 1];
    }
    this.data = data;
    this.mask = mask;
  }
}

/** Mixes both 32-bit halves of an address (blocks are 16-byte aligned: the low bits alone say little). */
function slot(addr: number): number {
  const lo = addr >>> 0;
  const hi = addr < 4294967296 ? 0 : (addr / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
