import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeapMemory } from '../../src/core/heap-memory.ts';

describe('HeapMemory.zero', () => {
  it('zeroes exactly the bytes of the range, aligned or not, in shared memory or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 20 }), fc.nat(), fc.nat(), fc.boolean(), (words, a, b, shared) => {
        const size = words * 8;
        const memory = HeapMemory.create(size, shared);
        memory.bytes.fill(0xa5);
        const from = a % (size + 1);
        const to = from + (b % (size - from + 1));
        memory.zero(from, to);
        for (let i = 0; i < size; i++) expect(memory.bytes[i], `byte ${i} of [${from}, ${to})`).toBe(i >= from && i < to ? 0 : 0xa5);
      }),
    );
  });
});
