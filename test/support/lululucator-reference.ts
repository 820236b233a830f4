/**
 * An independent model of ALLOCATOR.md's Lululucator rules, written from the
 * document alone with plain arrays (no heap bytes, no registers), to check
 * the engine offset for offset. Returns the offset each operation gives, or
 * null when it fails.
 */
export type RefOp = { op: 'alloc'; id: number; size: number } | { op: 'free'; id: number } | { op: 'realloc'; id: number; size: number };

export function referenceLululucator(heapSize: number, ops: readonly RefOp[]): (number | null)[] {
  const block = (n: number) => Math.max(24, Math.ceil(n / 8) * 8);
  let bump = 0;
  const list: { addr: number; size: number }[] = []; // head first
  const live = new Map<number, { addr: number; span: number; size: number }>();
  const out: (number | null)[] = [];
  /** Ids whose alloc failed: the program holds NULL, so realloc of one is an alloc. */
  const nulls = new Set<number>();

  const alloc = (n: number): { addr: number; span: number } | null => {
    const b = block(n);
    const k = list.findIndex((node) => node.size >= b);
    if (k >= 0) {
      const node = list[k];
      if (node.size - b < 24) {
        list.splice(k, 1);
        return { addr: node.addr, span: node.size };
      }
      const addr = node.addr;
      list[k] = { addr: node.addr + b, size: node.size - b };
      return { addr, span: b };
    }
    if (bump + b > heapSize) return null;
    bump += b;
    return { addr: bump - b, span: b };
  };

  for (const o of ops) {
    if (o.op === 'alloc') {
      const got = o.size >= 1 && o.size <= heapSize ? alloc(o.size) : null;
      if (got) live.set(o.id, { ...got, size: o.size });
      else nulls.add(o.id);
      out.push(got ? got.addr : null);
    } else if (o.op === 'free') {
      const b = live.get(o.id);
      if (!b) {
        out.push(null);
        continue;
      }
      live.delete(o.id);
      nulls.delete(o.id);
      list.unshift({ addr: b.addr, size: b.span });
      out.push(b.addr);
    } else {
      const b = live.get(o.id);
      if (!b && nulls.has(o.id)) {
        const fresh = o.size >= 1 && o.size <= heapSize ? alloc(o.size) : null;
        if (fresh) {
          nulls.delete(o.id);
          live.set(o.id, { ...fresh, size: o.size });
        }
        out.push(fresh ? fresh.addr : null);
        continue;
      }
      const got = b && o.size >= 1 && o.size <= heapSize ? alloc(o.size) : null;
      if (!b || !got) {
        out.push(null);
        continue;
      }
      list.unshift({ addr: b.addr, size: b.span });
      live.set(o.id, { ...got, size: o.size });
      out.push(got.addr);
    }
  }
  return out;
}
