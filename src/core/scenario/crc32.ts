/**
 * CRC-32 (IEEE 802.3, the polynomial of zip and PNG): a link's payload ends
 * with it, so that a bit flipped or a character edited in a link is caught
 * even where the damaged data still inflates. O(bytes), a 1 KiB table.
 */

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The CRC-32 of `bytes[0..end)`, as an unsigned 32-bit number. O(end). */
export function crc32(bytes: Uint8Array, end = bytes.length): number {
  const t = crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < end; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
