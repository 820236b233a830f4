/**
 * Cuts a byte stream into lines without holding the whole file: chunks go in,
 * complete lines come out, the partial last line waits for the next chunk.
 * Accepts LF and CRLF. Refuses binary data (a NUL byte, or text that is not
 * UTF-8) and absurdly long lines, so that a wrong file fails fast instead of
 * filling memory. Cost: O(bytes).
 */
export const MAX_LINE_BYTES = 64 * 1024;

export type LineSink = (text: string, line: number) => void;

export class BinaryInputError extends Error {}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private carry = '';
  private lineNo = 0;
  /** Bytes consumed so far (for progress). */
  bytes = 0;

  constructor(private readonly onLine: LineSink) {}

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (chunk.indexOf(0) >= 0) throw new BinaryInputError('binary data (a NUL byte): not a text trace');
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new BinaryInputError('binary data (not UTF-8 text): not a text trace');
    }
    this.feed(text);
  }

  /** Flushes the last line (one without a final newline). */
  end(): void {
    let tail: string;
    try {
      tail = this.decoder.decode();
    } catch {
      throw new BinaryInputError('binary data (not UTF-8 text): not a text trace');
    }
    this.feed(tail);
    if (this.carry.length > 0) {
      const text = this.carry;
      this.carry = '';
      this.emit(text);
    }
  }

  private feed(text: string): void {
    let start = 0;
    let data = text;
    if (this.carry.length > 0) {
      data = this.carry + text;
      this.carry = '';
    }
    for (;;) {
      const nl = data.indexOf('\n', start);
      if (nl < 0) break;
      this.emit(data.charCodeAt(nl - 1) === 13 && nl > start ? data.slice(start, nl - 1) : data.slice(start, nl));
      start = nl + 1;
    }
    this.carry = start === 0 ? data : data.slice(start);
    if (this.carry.length > MAX_LINE_BYTES) {
      throw new BinaryInputError(`line ${this.lineNo + 1} is longer than ${MAX_LINE_BYTES} characters: not a trace`);
    }
  }

  private emit(text: string): void {
    this.lineNo++;
    this.onLine(text, this.lineNo);
  }
}
