/**
 * Raw deflate (RFC 1951) through the platform's own CompressionStream and
 * DecompressionStream, globals in every browser the explorer targets, in
 * workers and in Node 20: no library, no `node:zlib`. Inflating is streamed
 * and stops as soon as the output passes a cap, so data that inflates
 * enormously (a zip bomb) costs at most the cap in memory; the input is fed
 * in small chunks so the stream's backpressure holds inflation back.
 */

/** Input chunk fed to the decompressor. */
const FEED_BYTES = 4096;

/** The raw-deflate compression of `bytes`. O(bytes). */
export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = chunked(bytes).pipeThrough(new CompressionStream('deflate-raw'));
  return collect(stream.getReader(), Infinity) as Promise<Uint8Array>;
}

/** What {@link inflateRawCapped} found. */
export type Inflated = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly why: 'damaged' | 'too-large' };

/**
 * Inflates raw-deflate `bytes`; `too-large` as soon as the output passes
 * `cap` bytes (the stream is cancelled there), `damaged` when the data is
 * not deflate or ends early. O(min(output, cap)) time and memory.
 */
export async function inflateRawCapped(bytes: Uint8Array, cap: number): Promise<Inflated> {
  const reader = chunked(bytes).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  try {
    const out = await collect(reader, cap);
    if (out === null) return { ok: false, why: 'too-large' };
    return { ok: true, bytes: out };
  } catch {
    return { ok: false, why: 'damaged' };
  }
}

/** A stream that hands out `bytes` in small chunks, one per pull. */
function chunked(bytes: Uint8Array): ReadableStream<BufferSource> {
  let at = 0;
  return new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        // A copy: the stream takes ownership of the chunk's buffer.
        controller.enqueue(bytes.slice(at, at + FEED_BYTES));
        at += FEED_BYTES;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads every chunk into one array; null (after cancelling) once more than `cap` bytes came. */
async function collect(reader: ReadableStreamDefaultReader<Uint8Array>, cap: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
