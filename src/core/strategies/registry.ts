import type { HeapMemory } from '../heap-memory.ts';
import type { Strategy, StrategyName } from '../strategy.ts';
import { Lululucator } from './lululucator.ts';

/** One constructor a strategy name; each takes the memory it manages and does not reset it. */
const FACTORIES: Partial<Record<StrategyName, (memory: HeapMemory) => Strategy>> = {
  lululucator: (m) => new Lululucator(m),
};

/** The strategy `name` over `memory`, attached as it is (call `reset` for a fresh heap). */
export function createStrategy(name: StrategyName, memory: HeapMemory): Strategy {
  const make = FACTORIES[name];
  if (!make) throw new Error(`strategy ${name} is not built yet`);
  return make(memory);
}
