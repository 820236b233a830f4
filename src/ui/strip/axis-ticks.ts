import { scaleLinear } from 'd3-scale';
import type { Radix } from '../store/app-state.ts';

/**
 * Offsets to label on a row of bytes [from, to): about `count` of them, at
 * round numbers in the radix shown — powers of two in hex (0x40, 0x100,
 * ...), d3's 1-2-5 steps in decimal. Whole bytes only. O(count).
 */
export function axisTicks(from: number, to: number, count: number, radix: Radix): number[] {
  if (!(to > from) || count < 1) return [];
  if (radix === 'dec') return scaleLinear().domain([from, to]).ticks(count).filter((t) => Number.isInteger(t) && t >= from && t <= to);
  const step = 2 ** Math.max(0, Math.ceil(Math.log2((to - from) / count)));
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}
