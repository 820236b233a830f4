import type { HeapMemory } from '../heap-memory.ts';
import type { Strategy, StrategyName } from '../strategy.ts';
import { BestFit } from './best-fit.ts';
import { FirstFit } from './first-fit.ts';
import { FixedBlock } from './fixed-block.ts';
import { NextFit } from './next-fit.ts';
import { Implicit } from './implicit.ts';
import { Lululucator } from './lululucator.ts';
import { BumpAllocator } from './bump.ts';
import { BuddyAllocator } from './buddy.ts';
import { TlsfAllocator } from './tlsf.ts';

/** One constructor a strategy name; each takes the memory it manages and does not reset it. */
const FACTORIES: Record<StrategyName, (memory: HeapMemory) => Strategy> = {
  lululucator: (m) => new Lululucator(m),
  bump: (m) => new BumpAllocator(m),
  buddy: (m) => new BuddyAllocator(m),
  tlsf: (m) => new TlsfAllocator(m),
  'first-fit': (m) => new FirstFit(m),
  'next-fit': (m) => new NextFit(m),
  'best-fit': (m) => new BestFit(m),
  'fixed-block': (m) => new FixedBlock(m),
  implicit: (m) => new Implicit(m),
};

/** The strategy `name` over `memory`, attached as it is (call `reset` for a fresh heap). */
export function createStrategy(name: StrategyName, memory: HeapMemory): Strategy {
  return FACTORIES[name](memory);
}
