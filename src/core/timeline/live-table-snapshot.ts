import { IdState, type LiveTable } from '../live-table.ts';

/**
 * A copy of the caller's table of blocks, kept compact for checkpoints: the
 * state of every id below `idLimit`, packed 2 bits an id (a quarter byte),
 * and for the live ids only, in id order, (payload, span, requested): 12
 * bytes a live block. Columns of ids that are not live mean nothing (a
 * release leaves stale span and requested behind), so they are not kept;
 * restoring sets their payload to -1, as `release` and `setNull` do.
 *
 * Packing and unpacking go four ids at a time through the state column's
 * bytes read as little-endian 32-bit words (every platform the engine runs
 * on is little-endian); a column whose length is not a multiple of 4 has
 * its last ids done one by one.
 *
 * Invariant: `live` holds 3 cells for each id whose packed state is Live, in
 * id order; the counters are the table's at capture time.
 */
export interface LiveTableSnapshot {
  readonly idLimit: number;
  /** State of id i in bits 2(i mod 4) .. 2(i mod 4)+1 of byte i / 4. */
  readonly states: Uint8Array;
  /** [payload, span, requested] for each live id, in id order. */
  readonly live: Int32Array;
  readonly liveCount: number;
  readonly payloadBytes: number;
  readonly spanBytes: number;
}

/** Four 1-byte states (a little-endian word) from one packed byte. */
const UNPACK = new Uint32Array(256);
for (let b = 0; b < 256; b++) UNPACK[b] = (b & 3) | (((b >>> 2) & 3) << 8) | (((b >>> 4) & 3) << 16) | (((b >>> 6) & 3) << 24);

/** The state column as 32-bit words: four ids a word. */
function stateWords(table: LiveTable): Uint32Array {
  const s = table.state;
  return new Uint32Array(s.buffer, s.byteOffset, s.length >>> 2);
}

/** Bits set (the low bit of each 2-bit field) where a packed byte holds a Live (01) state. */
function liveBits(b: number): number {
  return b & 0x55 & ~(b >>> 1);
}

/** Captures `table`. Requested sizes fit an int32 (the driver checks them against a heap of at most 1 GiB). O(idLimit / 4 + live). */
export function captureLiveTable(table: LiveTable): LiveTableSnapshot {
  const idLimit = table.idLimit;
  const words = stateWords(table);
  const states = new Uint8Array((idLimit + 3) >>> 2);
  const live = new Int32Array(table.liveCount * 3);
  const { payload, span, requested } = table;
  let k = 0;
  const whole = Math.min(states.length, words.length);
  for (let j = 0; j < whole; j++) {
    const w = words[j];
    if (w === 0) continue;
    const b = (w & 3) | ((w >>> 6) & 0x0c) | ((w >>> 12) & 0x30) | ((w >>> 18) & 0xc0);
    states[j] = b;
    let m = liveBits(b);
    while (m !== 0) {
      const low = m & -m;
      const id = (j << 2) + ((31 - Math.clz32(low)) >>> 1);
      live[k] = payload[id];
      live[k + 1] = span[id];
      live[k + 2] = requested[id];
      k += 3;
      m ^= low;
    }
  }
  for (let id = whole << 2; id < idLimit; id++) {
    const s = table.state[id];
    states[id >>> 2] |= s << ((id & 3) << 1);
    if (s !== IdState.Live) continue;
    live[k] = payload[id];
    live[k + 1] = span[id];
    live[k + 2] = requested[id];
    k += 3;
  }
  // Ids at or above idLimit are Unused (0), so the last packed byte holds no stray bits.
  return { idLimit, states, live, liveCount: table.liveCount, payloadBytes: table.payloadBytes, spanBytes: table.spanBytes };
}

/**
 * Puts `table` back as `snapshot` describes it: every id's state, the live
 * ids' columns, the counters. Ids at or above the snapshot's `idLimit`
 * become Unused. May grow the columns (like `setLive`, replacing the
 * buffers). O(max(idLimit now, snapshot idLimit)), mostly in memset-like
 * fills.
 */
export function restoreLiveTable(table: LiveTable, snapshot: LiveTableSnapshot): void {
  const before = table.idLimit;
  const idLimit = snapshot.idLimit;
  if (idLimit > 0) table.ensure(idLimit - 1);
  const top = Math.max(before, idLimit);
  const words = stateWords(table);
  const states = snapshot.states;
  const whole = Math.min(states.length, words.length);
  for (let j = 0; j < whole; j++) words[j] = UNPACK[states[j]];
  for (let id = whole << 2; id < idLimit; id++) table.state[id] = (states[id >>> 2] >>> ((id & 3) << 1)) & 3;
  if (before > idLimit) table.state.fill(IdState.Unused, idLimit, before);
  const { payload, span, requested } = table;
  payload.fill(-1, 0, top);
  const live = snapshot.live;
  let k = 0;
  for (let j = 0; j < states.length; j++) {
    let m = liveBits(states[j]);
    while (m !== 0) {
      const low = m & -m;
      const id = (j << 2) + ((31 - Math.clz32(low)) >>> 1);
      payload[id] = live[k];
      span[id] = live[k + 1];
      requested[id] = live[k + 2];
      // The dense list in id order: another order than the operations left, the same blocks.
      table.putDense(k / 3, id, live[k], live[k + 1], live[k + 2]);
      k += 3;
      m ^= low;
    }
  }
  table.liveCount = snapshot.liveCount;
  table.payloadBytes = snapshot.payloadBytes;
  table.spanBytes = snapshot.spanBytes;
  table.idLimit = idLimit;
}

/** Bytes a snapshot holds (its arrays). O(1). */
export function liveTableSnapshotBytes(snapshot: LiveTableSnapshot): number {
  return snapshot.states.byteLength + snapshot.live.byteLength;
}
