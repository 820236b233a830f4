import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressMap } from '../../src/core/trace/address-map.ts';
import { FreedLog } from '../../src/core/trace/freed-log.ts';

describe('the address table', () => {
  it('agrees with a Map through any sequence of puts and removes, growth and backward shifts included', () => {
    // Addresses whose home is at the end or the start of a fresh 16-slot table, so that
    // probes collide and wrap around its end; and a few others.
    const empty = new AddressMap(4);
    const home = (addr: number) => empty.find(addr) / 2;
    const candidates = Array.from({ length: 4000 }, (_, k) => 0x4a40040 + k * 16);
    const wrapping = candidates.filter((a) => home(a) >= 14 || home(a) <= 1).slice(0, 10);
    const others = candidates.filter((a) => home(a) > 1 && home(a) < 14).slice(0, 4);
    const address = fc.constantFrom(...wrapping, ...others, 0x55a7dc7792a0, 0x7ffd00001000);
    const op = fc.record({ put: fc.boolean(), addr: address, id: fc.nat(1_000_000) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const map = new AddressMap(4);
        const model = new Map<number, number>();
        for (const { put, addr, id } of ops) {
          const at = map.find(addr);
          expect(map.has(at, addr)).toBe(model.has(addr));
          if (put) {
            map.put(at, addr, id);
            model.set(addr, id);
          } else if (model.has(addr)) {
            map.remove(at);
            model.delete(addr);
          }
          expect(map.size).toBe(model.size);
        }
        for (const [addr, id] of model) {
          const at = map.find(addr);
          expect(map.has(at, addr)).toBe(true);
          expect(map.id(at)).toBe(id);
        }
        const ids: number[] = [];
        map.forEachId((id) => ids.push(id));
        expect(ids.sort()).toEqual([...model.values()].sort());
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the latest free of each address in the freed log, asked at any time', () => {
    const log = new FreedLog();
    log.note(0x10, 3);
    expect(log.lastFree(0x10)).toBe(3);
    expect(log.lastFree(0x20)).toBe(0);
    log.note(0x20, 5);
    log.note(0x10, 9);
    expect(log.lastFree(0x10)).toBe(9);
    expect(log.lastFree(0x20)).toBe(5);
    log.clear();
    expect(log.lastFree(0x10)).toBe(0);
  });
});
