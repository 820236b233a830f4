import type { OpList } from '../trace/op-list.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { PayloadError } from './bytes.ts';
import { describe } from './compact-ops.ts';
import { deflateRaw, inflateRawCapped } from './deflate.ts';
import { LINK_LIMITS, MAX_LINK_CHARS, MAX_PAYLOAD_BYTES } from './limits.ts';
import { decodePayloadV1, encodePayloadV1 } from './payload.ts';
import { newerVersionMessage, restoreScenario, type RawScenario, type RestoreResult } from './restore.ts';
import { isSampleName, SCENARIO_VERSION, type Scenario } from './scenario.ts';

/**
 * A scenario as a URL fragment: `#s=VERSION.DATA`, DATA the base64url of
 * the raw-deflated binary payload (payload.ts). The fragment never reaches a
 * server. Encoding is canonical: the same scenario gives the same link
 * (fixed field order, no timestamps, the same deflate). Decoding refuses,
 * with a message that says what is wrong, and before doing the work that the
 * bad part would cost: a fragment past MAX_LINK_CHARS, a version it does not
 * know, characters outside base64url, data that does not inflate or inflates
 * past MAX_PAYLOAD_BYTES, a wrong checksum, counts past LINK_LIMITS; then the
 * restore step checks every field. Nothing from a link is ever interpreted:
 * strings stay data.
 */

/** The fragment's key: `#s=...`. */
export const LINK_KEY = 's';

/**
 * Payload readers by link version. A new version adds its reader here and
 * keeps the old ones: an old link decodes with its own layout, then restore
 * migrates the raw scenario.
 */
const PAYLOAD_DECODERS: Readonly<Record<number, typeof decodePayloadV1>> = { 1: decodePayloadV1 };

/**
 * The fragment (with its `#`) for a scenario restore accepted. It encodes
 * the scenario as restore hands it back (a selection that is not live is
 * dropped), so equal scenarios give equal links. A scenario from a sample
 * carries the sample's name, not its operations. Throws
 * RangeError when `s` is not a valid scenario (a bug in the caller: links
 * are written from restored scenarios only). O(ops).
 */
export async function encodeLink(s: Scenario): Promise<string> {
  const again = restoreScenario(s, { limits: LINK_LIMITS });
  if (!again.ok) throw new RangeError(`not a valid scenario: ${again.error}`);
  const packed = await deflateRaw(encodePayloadV1(again.scenario));
  return `#${LINK_KEY}=${SCENARIO_VERSION}.${encodeBase64url(packed)}`;
}

/** What `share` does with a scenario: a link, or a file when the link would be too long. */
export type ShareOutcome =
  | { readonly kind: 'link'; readonly fragment: string }
  | { readonly kind: 'too-large'; readonly length: number; readonly message: string };

/**
 * The link for `s`, or why it must be a file instead: longer than
 * MAX_LINK_CHARS (a big trace). Every link it gives decodes. O(ops).
 */
export async function shareScenario(s: Scenario): Promise<ShareOutcome> {
  const fragment = await encodeLink(s);
  if (fragment.length <= MAX_LINK_CHARS) return { kind: 'link', fragment };
  return {
    kind: 'too-large',
    length: fragment.length,
    message: `this scenario is too large for a link (${fragment.length} characters, the limit is ${MAX_LINK_CHARS}): download it as a file instead`,
  };
}

export interface DecodeLinkOptions {
  /**
   * The operations of a shipped sample, by name, or null when there is no
   * such sample. Needed for links made from a sample, which carry its name
   * instead of its operations.
   */
  readonly loadSample?: (name: string) => Promise<OpList | null>;
}

/**
 * The scenario in a fragment (`#s=...`, with or without the `#`), through
 * the restore step, or a message for a `role="alert"`. Never throws.
 * O(fragment + ops); memory at most MAX_PAYLOAD_BYTES plus the ops.
 */
export async function decodeLink(fragment: string, options: DecodeLinkOptions = {}): Promise<RestoreResult> {
  if (fragment.length > MAX_LINK_CHARS + 1) {
    return fail(`this link is too long (${fragment.length} characters; a scenario link has at most ${MAX_LINK_CHARS})`);
  }
  const m = /^#?s=(\d{1,9})\.(.*)$/s.exec(fragment);
  if (!m) return fail('this link does not hold a scenario: it should end in #s= followed by the version, a dot and the data');
  const version = Number(m[1]);
  const decodePayload = PAYLOAD_DECODERS[version];
  if (version > SCENARIO_VERSION) return fail(newerVersionMessage(version, 'link'));
  if (!decodePayload) return fail(`this link has version ${version}, which no version of the explorer wrote`);
  const packed = decodeBase64url(m[2]);
  if (typeof packed === 'string') return fail(`this link is damaged: ${packed}`);
  const inflated = await inflateRawCapped(packed, MAX_PAYLOAD_BYTES);
  if (!inflated.ok) {
    return fail(
      inflated.why === 'too-large'
        ? `this link is refused: its data inflates past ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB, far more than a scenario needs`
        : 'this link is damaged or cut short: its data does not decompress',
    );
  }
  let raw: RawScenario;
  try {
    raw = decodePayload(inflated.bytes, LINK_LIMITS);
  } catch (e) {
    if (e instanceof PayloadError) return fail(`this link is damaged: ${e.message}`);
    throw e;
  }
  const source = raw.source as { kind: string; name?: string };
  if (source.kind === 'sample') {
    const name = source.name ?? '';
    if (!isSampleName(name)) return fail(`this link's scenario is not valid: ${describe(name)} is not a sample's name`);
    const ops = options.loadSample ? await options.loadSample(name) : null;
    if (ops === null) return fail(`this link names the sample ${describe(name)}, which this version of the explorer does not have`);
    raw.ops = ops;
  }
  const restored = restoreScenario(raw, { limits: LINK_LIMITS, origin: 'link' });
  if (restored.ok) return restored;
  return { ...restored, error: `this link's scenario is not valid: ${restored.error}` };
}

function fail(error: string): RestoreResult {
  return { ok: false, error };
}
