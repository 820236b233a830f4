/**
 * Base64url (RFC 4648 section 5) without padding: bytes to the characters
 * A-Z a-z 0-9 - _, which need no escaping in a URL fragment. Decoding is
 * strict, so that every text decodes to one byte string only: a character
 * outside the alphabet, a length of 4k+1, or non-zero unused bits in the
 * last character are refused.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** The base64url text of `bytes`, no padding. O(bytes). */
export function encodeBase64url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63] + ALPHABET[v & 63];
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  if (n - i === 1) {
    const v = bytes[i] << 16;
    chunk += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63];
  } else if (n - i === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += ALPHABET[v >>> 18] + ALPHABET[(v >>> 12) & 63] + ALPHABET[(v >>> 6) & 63];
  }
  parts.push(chunk);
  return parts.join('');
}

/** The bytes of a base64url text, or why it is not one. O(text). */
export function decodeBase64url(text: string): Uint8Array | string {
  const n = text.length;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUE[code] : -1;
    if (v < 0) return `character ${i + 1} (${JSON.stringify(text[i])}) is not a base64url character`;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  if (n % 4 === 1) return `its length (${n} characters) is not one base64url can have`;
  if ((acc & ((1 << bits) - 1)) !== 0) return 'its last character has bits set that no byte uses';
  return out;
}
