import { expect, test } from './fixtures.ts';

test.describe('a jump in a heap of megabytes', () => {
  test('restored by the heap worker and its helper thread together, holds byte for byte the heap a straight replay left', async ({ explorer, page }) => {
    page.on('console', (m) => console.log('CONSOLE', m.text()));
    await explorer.useHeap('lululucator', 8 << 20);
    const result = await page.evaluate(async () => {
      // About 3 MiB handed out, half of it freed again: restores of more than a megabyte, which the worker shares.
      const ops: { op: 'alloc' | 'free'; id: number; size: number }[] = [];
      for (let id = 0; id < 24_000; id++) {
        ops.push({ op: 'alloc', id, size: 24 + ((id * 7919) % 230) });
        if (id % 3 === 2) ops.push({ op: 'free', id: id - 1 - (id % 7 === 0 ? 1 : 0), size: 0 });
      }
      await window.lulu!.replay(ops);
      const { store, connection } = window.lulu!.services;
      const heapNow = () => connection.reader.wholeNow()!.memory.bytes.slice();
      const end = store.getState().length;
      // Straight from the replay: no restore has touched this heap yet.
      const straight = heapNow();
      await store.getState().seek(0);
      await store.getState().seek(Math.floor(end / 2));
      await store.getState().seek(end);
      const restored = heapNow();
      let differing = 0;
      for (let i = 0; i < straight.length; i++) if (straight[i] !== restored[i]) differing++;
      let touched = 0;
      for (let i = straight.length - 1; i >= 0; i--) if (straight[i] !== 0) { touched = i + 1; break; }
      return { end, differing, touched, step: store.getState().step };
    });
    expect(result.step).toBe(result.end);
    expect(result.touched).toBeGreaterThan(1 << 20);
    expect(result.differing).toBe(0);
    const workers = page.workers().map((w) => w.url());
    expect(workers.some((url) => url.includes('restore-helper-worker'))).toBe(true);
  });
});
