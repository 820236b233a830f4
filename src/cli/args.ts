import { MAX_HEAP_BYTES } from '../core/heap-memory.ts';

/** A mistake in the command line: printed as `lululucator: message`, exit 2. */
export class UsageError extends Error {}

const UNITS: Record<string, number> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** Parses a heap size: bytes, or with a K/M/G (KiB/MiB/GiB) suffix. */
export function parseHeapSize(text: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`--heap ${text}: expected bytes, e.g. 65536 or 64MiB`);
  const bytes = Number(m[1]) * unit;
  if (bytes < 64 || bytes > MAX_HEAP_BYTES) throw new UsageError(`--heap ${text}: the heap must be from 64 bytes to 1 GiB`);
  if (bytes % 8 !== 0) throw new UsageError(`--heap ${text}: the heap must be a multiple of 8 bytes`);
  return bytes;
}

export function parsePid(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--pid ${text}: expected a process id`);
  return Number(text);
}
