import { MAX_LINE_BYTES } from './line-splitter.ts';
import { TraceError } from './trace-error.ts';
import type { TraceParser } from './trace-parser.ts';

/**
 * A parser that reads most of its lines straight from the bytes: no
 * decoding, no string per line. `lineBytes` takes the line
 * bytes[start, end) (newline and CR removed) and returns false for any line
 * it does not read by itself, which is then decoded and given to `line`.
 * A multi-million-line real trace is mostly a few line forms; this is what
 * makes it read at millions of lines a second.
 */
export interface ByteLineParser extends TraceParser {
  lineBytes(bytes: Uint8Array, start: number, end: number, lineNo: number): boolean;
}

export function readsBytes(parser: TraceParser): parser is ByteLineParser {
  return typeof (parser as Partial<ByteLineParser>).lineBytes === 'function';
}

/**
 * Cuts a byte stream into lines for a {@link ByteLineParser}, like
 * LineSplitter but without decoding what the parser reads by itself: lines
 * are handed over as ranges of the chunk they are in; only a line split
 * between two chunks is copied. Refuses binary data (a NUL byte; bytes
 * that are not UTF-8 in any line that gets decoded) and absurdly long lines.
 * Accepts LF and CRLF. Cost: O(bytes); memory O(longest line).
 */
export class ByteLineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private carry: Uint8Array | null = null;
  private lineNo = 0;
  /** Bytes consumed so far (for progress). */
  bytes = 0;

  constructor(
    private readonly file: string,
    private readonly parser: ByteLineParser,
  ) {}

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    const nul = chunk.indexOf(0);
    if (nul >= 0) throw new TraceError(this.file, this.lineNo + 1 + countNewlines(chunk, nul), 'binary data (a NUL byte): not a text trace');
    let start = 0;
    if (this.carry !== null) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.keep(chunk, 0);
        return;
      }
      const line = new Uint8Array(this.carry.length + nl);
      line.set(this.carry);
      line.set(chunk.subarray(0, nl), this.carry.length);
      this.carry = null;
      this.emit(line, 0, line.length);
      start = nl + 1;
    }
    // A plain loop: cheaper than a call to indexOf for every short line.
    const length = chunk.length;
    let nl = start;
    for (;;) {
      while (nl < length && chunk[nl] !== 10) nl++;
      if (nl >= length) break;
      this.emit(chunk, start, nl);
      start = ++nl;
    }
    if (start < length) this.keep(chunk, start);
  }

  /** Flushes the last line (one without a final newline). */
  end(): void {
    if (this.carry !== null) {
      const line = this.carry;
      this.carry = null;
      this.emit(line, 0, line.length);
    }
  }

  private keep(chunk: Uint8Array, start: number): void {
    const rest = chunk.subarray(start);
    const held = this.carry === null ? 0 : this.carry.length;
    if (held + rest.length > MAX_LINE_BYTES) {
      throw new TraceError(this.file, this.lineNo + 1, `line ${this.lineNo + 1} is longer than ${MAX_LINE_BYTES} characters: not a trace`);
    }
    const carry = new Uint8Array(held + rest.length);
    if (this.carry !== null) carry.set(this.carry);
    carry.set(rest, held);
    this.carry = carry;
  }

  private emit(bytes: Uint8Array, start: number, end: number): void {
    const line = ++this.lineNo;
    if (end > start && bytes[end - 1] === 13) end--;
    if (end - start > MAX_LINE_BYTES) throw new TraceError(this.file, line, `line ${line} is longer than ${MAX_LINE_BYTES} characters: not a trace`);
    if (this.parser.lineBytes(bytes, start, end, line)) return;
    let text: string;
    try {
      text = this.decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new TraceError(this.file, line, 'binary data (not UTF-8 text): not a text trace');
    }
    this.parser.line(text, line);
  }
}

function countNewlines(bytes: Uint8Array, before: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < before; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}
