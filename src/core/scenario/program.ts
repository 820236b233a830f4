import { OP_NAMES, OpCode, type OpList } from '../trace/op-list.ts';
import type { ScenarioLimits } from './limits.ts';
import { MAX_OP_SIZE } from './scenario.ts';

/**
 * Checks a scenario's operations as a program, by the `.rep` reader's rules
 * for the lives of ids: an alloc needs an id that is not live (never used, or
 * freed), a free or realloc needs a live one. Whether an alloc succeeds is
 * the allocator's business, not the program's: a free after a failed alloc
 * is legal (the driver treats it as free(NULL)). Sizes are whole numbers
 * 0..2^48-1, like every trace reader's; sizes the heap cannot hold are legal
 * requests that fail at replay, as they do for a trace.
 */

/** The first operation that breaks a rule: its index and why. */
export interface ProgramFault {
  readonly index: number;
  readonly message: string;
}

const enum Life {
  Unused = 0,
  Live = 1,
  Freed = 2,
}

/**
 * The first broken rule in `ops`, or null. Ids are checked against
 * `limits.maxIds` before the table of lives (one byte an id) is allocated.
 * O(ops + highest id).
 */
export function checkProgram(ops: OpList, limits: ScenarioLimits): ProgramFault | null {
  const n = ops.length;
  let highest = -1;
  for (let i = 0; i < n; i++) {
    const kind = ops.kind[i];
    const id = ops.id[i];
    const size = ops.size[i];
    if (kind !== OpCode.Alloc && kind !== OpCode.Free && kind !== OpCode.Realloc) return { index: i, message: `unknown operation kind ${kind}` };
    if (!Number.isInteger(id) || id < 0 || id >= limits.maxIds) return { index: i, message: `id ${id} is outside 0..${limits.maxIds - 1}` };
    if (kind !== OpCode.Free && !(Number.isInteger(size) && size >= 0 && size <= MAX_OP_SIZE)) {
      return { index: i, message: `size ${size} is not a whole number of bytes from 0 to 2^48 - 1` };
    }
    if (id > highest) highest = id;
  }
  const life = new Uint8Array(highest + 1);
  for (let i = 0; i < n; i++) {
    const kind = ops.kind[i];
    const id = ops.id[i];
    const state = life[id];
    if (kind === OpCode.Alloc) {
      if (state === Life.Live) return { index: i, message: `alloc of id ${id}, which is still live` };
      life[id] = Life.Live;
    } else if (state !== Life.Live) {
      return { index: i, message: `${OP_NAMES[kind]} of id ${id}, which is ${state === Life.Freed ? 'already freed' : 'never allocated'}` };
    } else if (kind === OpCode.Free) {
      life[id] = Life.Freed;
    }
  }
  return null;
}

/** Whether `id` is live after the first `step` operations of a valid program. O(step). */
export function isLiveAfter(ops: OpList, step: number, id: number): boolean {
  let live = false;
  for (let i = 0; i < step; i++) {
    if (ops.id[i] !== id) continue;
    live = ops.kind[i] !== OpCode.Free;
  }
  return live;
}

/** 1 + the highest id in `ops` (0 when there are none). O(ops). */
export function idCountOf(ops: OpList): number {
  let highest = -1;
  for (let i = 0; i < ops.length; i++) if (ops.id[i] > highest) highest = ops.id[i];
  return highest + 1;
}
