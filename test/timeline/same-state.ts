import { expect } from 'vitest';
import { HeapDriver } from '../../src/core/driver.ts';
import { HeapMemory } from '../../src/core/heap-memory.ts';
import { IdState } from '../../src/core/live-table.ts';
import { applyFast } from '../../src/core/replay.ts';
import { STRATEGY_NAMES, type StrategyName } from '../../src/core/strategy.ts';
import { createStrategy } from '../../src/core/strategies/registry.ts';
import type { OpList } from '../../src/core/trace/op-list.ts';

/** The strategies built so far (the registry throws for the others); the others are named once on the console. */
export function registeredStrategies(): StrategyName[] {
  const built: StrategyName[] = [];
  const missing: string[] = [];
  for (const name of STRATEGY_NAMES) {
    try {
      createStrategy(name, HeapMemory.create(4096, false));
      built.push(name);
    } catch {
      missing.push(name);
    }
  }
  if (missing.length > 0) console.log(`timeline tests skip strategies not registered yet: ${missing.join(', ')}`);
  return built;
}

/** A fresh driver that replayed ops[0..step) straight, on the fast path. */
export function straightReplay(strategy: StrategyName, heapSize: number, ops: OpList, step: number): HeapDriver {
  const driver = new HeapDriver({ strategy, heapSize, events: false, shared: false });
  for (let i = 0; i < step; i++) applyFast(driver, ops, i);
  return driver;
}

/** The first heap offset where two drivers' bytes differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Requires `actual` to hold exactly the state of `expected`: heap bytes, registers, live ids, counters. */
export function expectSameState(actual: HeapDriver, expected: HeapDriver, where: string): void {
  const at = firstDifference(actual.memory.bytes, expected.memory.bytes);
  expect(at, `${where}: first differing heap byte`).toBe(-1);
  expect(Array.from(actual.memory.regs), `${where}: registers`).toEqual(Array.from(expected.memory.regs));
  const a = actual.live;
  const e = expected.live;
  expect([a.liveCount, a.payloadBytes, a.spanBytes, a.idLimit], `${where}: live table counters`).toEqual([e.liveCount, e.payloadBytes, e.spanBytes, e.idLimit]);
  const top = Math.max(a.idLimit, e.idLimit);
  for (let id = 0; id < top; id++) {
    expect(a.stateOf(id), `${where}: state of id ${id}`).toBe(e.stateOf(id));
    if (e.stateOf(id) === IdState.Live) {
      expect([a.payload[id], a.span[id], a.requested[id]], `${where}: live id ${id}`).toEqual([e.payload[id], e.span[id], e.requested[id]]);
    }
  }
  expect([actual.ops, actual.failed, actual.peakPayload], `${where}: driver counters`).toEqual([expected.ops, expected.failed, expected.peakPayload]);
}
