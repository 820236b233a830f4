import { OpCode, OpList } from '../trace/op-list.ts';
import { ByteReader, PayloadError, type ByteWriter } from './bytes.ts';
import type { ScenarioLimits } from './limits.ts';
import { MAX_OP_SIZE } from './scenario.ts';
import { unzigzag, zigzag } from './varint.ts';

/**
 * Operations packed for a link: the count, then one varint tag an operation
 * (`idCode * 4 + kind`) followed, for alloc and realloc, by the size as a
 * varint. Ids are coded against a prediction, `fresh` = 1 + the highest id
 * seen so far (0 at first):
 * - alloc: zigzag(id - fresh), 0 for the next fresh id, so that the usual
 *   click (a new block) packs into one byte with its kind;
 * - free, realloc: fresh - 1 - id, how far back from the newest id, small
 *   when recent blocks are freed (they must be live: id < fresh).
 * Sizes are plain varints: two bytes up to 16 KiB, and deflate finds the
 * round sizes people type. Cost: O(ops) each way; unpacking checks counts
 * and ids against the limits before it allocates.
 */

/** Packs `ops[0..ops.length)` into `out`. O(ops). */
export function packOps(ops: OpList, out: ByteWriter): void {
  const n = ops.length;
  out.varint(n);
  let fresh = 0;
  for (let i = 0; i < n; i++) {
    const kind = ops.kind[i];
    const id = ops.id[i];
    if (kind === OpCode.Alloc) {
      out.varint(packTag(zigzag(id - fresh), kind));
      out.varint(ops.size[i]);
      if (id >= fresh) fresh = id + 1;
    } else {
      out.varint(packTag(fresh - 1 - id, kind));
      if (kind === OpCode.Realloc) out.varint(ops.size[i]);
    }
  }
}

/**
 * Reads what {@link packOps} wrote. Refuses a count past `limits.maxOps` or
 * past the bytes left (every operation takes at least one), an unknown kind,
 * an id outside 0..maxIds-1, a size past MAX_OP_SIZE; throws PayloadError.
 * Operation i gets line i + 1. O(ops).
 */
export function unpackOps(input: ByteReader, limits: ScenarioLimits): OpList {
  const n = input.varint('the operation count');
  if (n > limits.maxOps) throw new PayloadError(`it declares ${n} operations, more than the ${limits.maxOps} a link may hold`);
  if (n > input.remaining) throw new PayloadError(`it declares ${n} operations but holds at most ${input.remaining}`);
  const ops = new OpList(Math.max(1, n));
  let fresh = 0;
  for (let i = 0; i < n; i++) {
    const tag = input.varint(`operation ${i + 1}`);
    const kind = tag % 4;
    const code = (tag - kind) / 4;
    let id: number;
    if (kind === OpCode.Alloc) id = fresh + unzigzag(code);
    else if (kind === OpCode.Free || kind === OpCode.Realloc) id = fresh - 1 - code;
    else throw new PayloadError(`operation ${i + 1} has an unknown kind (${kind})`);
    if (id < 0 || id >= limits.maxIds) throw new PayloadError(`operation ${i + 1} names id ${id}, outside 0..${limits.maxIds - 1}`);
    let size = 0;
    if (kind !== OpCode.Free) {
      size = input.varint(`the size of operation ${i + 1}`);
      if (size > MAX_OP_SIZE) throw new PayloadError(`operation ${i + 1} asks for ${size} bytes, more than 2^48`);
    }
    if (id >= fresh) fresh = id + 1;
    ops.push(kind as OpCode, id, size, i + 1);
  }
  return ops;
}

function packTag(code: number, kind: number): number {
  return code * 4 + kind;
}
