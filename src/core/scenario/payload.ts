import { packOps, unpackOps } from './binary-ops.ts';
import { ByteReader, ByteWriter, PayloadError } from './bytes.ts';
import { crc32 } from './crc32.ts';
import type { ScenarioLimits } from './limits.ts';
import type { RawScenario } from './restore.ts';
import { MAX_NAME_CHARS, type Scenario } from './scenario.ts';

/**
 * The v1 binary payload of a link (before deflate), fields in a fixed order
 * so that one scenario always gives the same bytes:
 *
 *   strategy     string (varint byte length, UTF-8)
 *   heapSize     varint
 *   step         varint
 *   selected     varint 0 (none) | 1 then the id | 2 then the offset
 *   view.zoom    float64 LE
 *   view.scroll  float64 LE
 *   source       varint 0 (clicks) | 1 then the sample name | 2 then the file name
 *   ops          binary-ops.ts; absent for a sample (the page has its ops)
 *   crc32        uint32 LE of every byte before it
 *
 * The version is not in the payload: it prefixes the link (`s=1.`), so that
 * a later version may change everything after it. These constants never
 * change for v1. Decoding gives a raw scenario for restore.ts to check;
 * it only checks what it must to read on safely (bounds, counts, lengths).
 */

const SELECTED_NONE = 0;
const SELECTED_ID = 1;
const SELECTED_OFFSET = 2;

const SOURCE_CLICKS = 0;
const SOURCE_SAMPLE = 1;
const SOURCE_FILE = 2;

/** Strategy names are short; a name is at most 255 characters of up to 4 bytes. */
const MAX_STRATEGY_BYTES = 64;
const MAX_NAME_BYTES = MAX_NAME_CHARS * 4;

/** The v1 payload of a restored scenario. O(ops). */
export function encodePayloadV1(s: Scenario): Uint8Array {
  const out = new ByteWriter();
  out.string(s.strategy);
  out.varint(s.heapSize);
  out.varint(s.step);
  if (s.selected === null) out.varint(SELECTED_NONE);
  else if ('id' in s.selected) {
    out.varint(SELECTED_ID);
    out.varint(s.selected.id);
  } else {
    out.varint(SELECTED_OFFSET);
    out.varint(s.selected.offset);
  }
  out.f64(s.view.zoom);
  out.f64(s.view.scroll);
  switch (s.source.kind) {
    case 'clicks':
      out.varint(SOURCE_CLICKS);
      break;
    case 'sample':
      out.varint(SOURCE_SAMPLE);
      out.string(s.source.name);
      break;
    case 'file':
      out.varint(SOURCE_FILE);
      out.string(s.source.name);
      break;
  }
  if (s.source.kind !== 'sample') packOps(s.ops, out);
  out.u32(crc32(out.bytes()));
  return out.bytes().slice();
}

/**
 * Reads a v1 payload into a raw scenario (version 1; no `ops` for a sample).
 * Throws PayloadError on damaged bytes: a wrong checksum, data that ends
 * early or goes on after its end, counts past the limits. O(bytes).
 */
export function decodePayloadV1(bytes: Uint8Array, limits: ScenarioLimits): RawScenario {
  if (bytes.length < 4) throw new PayloadError('it is too short to hold a scenario');
  const end = bytes.length - 4;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getUint32(0, true);
  if (crc32(bytes, end) !== stored) throw new PayloadError('its checksum does not match: characters were changed or lost');
  const input = new ByteReader(bytes, end);
  const raw: RawScenario = { version: 1 };
  raw.strategy = input.string('the strategy name', MAX_STRATEGY_BYTES);
  raw.heapSize = input.varint('the heap size');
  raw.step = input.varint('the step');
  const selected = input.varint('the selection');
  if (selected === SELECTED_NONE) raw.selected = null;
  else if (selected === SELECTED_ID) raw.selected = { id: input.varint('the selected id') };
  else if (selected === SELECTED_OFFSET) raw.selected = { offset: input.varint('the selected offset') };
  else throw new PayloadError(`the selection has an unknown form (${selected})`);
  const zoom = input.f64('the zoom');
  const scroll = input.f64('the scroll');
  raw.view = { zoom, scroll };
  const source = input.varint('the source');
  if (source === SOURCE_CLICKS) raw.source = { kind: 'clicks' };
  else if (source === SOURCE_SAMPLE) raw.source = { kind: 'sample', name: input.string('the sample name', MAX_NAME_BYTES) };
  else if (source === SOURCE_FILE) raw.source = { kind: 'file', name: input.string('the file name', MAX_NAME_BYTES) };
  else throw new PayloadError(`the source has an unknown form (${source})`);
  if (source !== SOURCE_SAMPLE) raw.ops = unpackOps(input, limits);
  if (input.remaining !== 0) throw new PayloadError(`${input.remaining} bytes follow the end of the scenario`);
  return raw;
}
