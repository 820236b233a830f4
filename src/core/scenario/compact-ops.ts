import { OpCode, type OpList } from '../trace/op-list.ts';
import { MAX_OP_SIZE } from './scenario.ts';

/**
 * One operation as a scenario file writes it: a JSON array whose first item
 * is the `.rep` letter, `["a", ID, SIZE]`, `["f", ID]`, `["r", ID, SIZE]`.
 * Short, readable, and one a line in the file.
 */

/** The letters, indexed by OpCode. */
export const KIND_LETTERS = ['a', 'f', 'r'] as const;

/** The JSON text of operation `i`. O(1). */
export function compactOpText(ops: OpList, i: number): string {
  const kind = ops.kind[i];
  const letter = KIND_LETTERS[kind];
  return kind === OpCode.Free ? `["${letter}", ${ops.id[i]}]` : `["${letter}", ${ops.id[i]}, ${ops.size[i]}]`;
}

/**
 * Appends the operation `value` (parsed JSON) to `ops` with `line`; null, or
 * why it is not an operation (nothing appended). Ids are checked to fit the
 * id column here; their limit and lives are checked with the whole program
 * (program.ts). O(1).
 */
export function pushCompactOp(ops: OpList, value: unknown, line: number): string | null {
  if (!Array.isArray(value)) return `an operation is an array like ["a", 0, 16], not ${describe(value)}`;
  const [letter, id, size] = value as unknown[];
  const kind = typeof letter === 'string' ? KIND_LETTERS.indexOf(letter as 'a') : -1;
  if (kind < 0) return `an operation starts with "a", "f" or "r", not ${describe(letter)}`;
  const want = kind === OpCode.Free ? 2 : 3;
  if (value.length !== want) return `a "${letter}" operation has ${want} items, not ${value.length}`;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) return `the id ${describe(id)} is not a whole number from 0 to 2^31 - 1`;
  if (kind === OpCode.Free) {
    ops.push(OpCode.Free, id, 0, line);
    return null;
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_OP_SIZE) {
    return `the size ${describe(size)} is not a whole number of bytes from 0 to 2^48 - 1`;
  }
  ops.push(kind as OpCode, id, size, line);
  return null;
}

/** A value as a message quotes it: JSON, at most 40 characters. */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
