import { detectFormat, DETECT_LINES } from './detect.ts';
import { BinaryInputError, LineSplitter } from './line-splitter.ts';
import { RepParser } from './rep.ts';
import type { Trace, TraceFormat } from './trace.ts';
import { TraceError } from './trace-error.ts';
import type { TraceParser } from './trace-parser.ts';

export interface ReadOptions {
  /** For traces of several processes: the one to replay (default: the one with the most calls). */
  readonly pid?: number;
}

export function createParser(format: TraceFormat, file: string, _options: ReadOptions): TraceParser {
  switch (format) {
    case 'rep':
      return new RepParser(file);
    default:
      throw new TraceError(file, 1, `reading ${format} traces is not supported`);
  }
}

/**
 * Reads a trace from a stream of byte chunks: lines are cut as chunks arrive
 * and fed to the parser of the detected format, so memory holds the trace's
 * operations, never the whole text. Throws TraceError (`FILE:LINE: reason`).
 */
export class TraceReader {
  private parser: TraceParser | null = null;
  private pending: { text: string; line: number }[] = [];
  private readonly splitter: LineSplitter;

  constructor(
    readonly file: string,
    private readonly options: ReadOptions = {},
  ) {
    this.splitter = new LineSplitter((text, line) => this.onLine(text, line));
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.splitter.bytes;
  }

  push(chunk: Uint8Array): void {
    try {
      this.splitter.push(chunk);
    } catch (e) {
      throw this.asTraceError(e);
    }
  }

  end(): Trace {
    try {
      this.splitter.end();
    } catch (e) {
      throw this.asTraceError(e);
    }
    const lastLine = this.splitter.lines;
    if (!this.parser) {
      if (this.pending.every((l) => l.text.trim() === '')) throw new TraceError(this.file, Math.max(1, lastLine), 'empty file: no trace in it');
      this.decide(true);
    }
    return this.parser!.finish(lastLine);
  }

  private onLine(text: string, line: number): void {
    if (this.parser) {
      this.parser.line(text, line);
      return;
    }
    this.pending.push({ text, line });
    if (this.pending.length >= DETECT_LINES || detectFormat(this.pending.map((l) => l.text)) !== null) this.decide(false);
  }

  private decide(atEnd: boolean): void {
    const format = detectFormat(this.pending.map((l) => l.text));
    if (format === null) {
      const first = this.pending.find((l) => l.text.trim() !== '') ?? { line: 1, text: '' };
      const more = atEnd ? '' : ` in its first ${DETECT_LINES} lines`;
      throw new TraceError(this.file, first.line, `not a trace this explorer reads${more}: expected a malloc-lab .rep, valgrind --trace-malloc=yes or ltrace output, or a scenario`);
    }
    this.parser = createParser(format, this.file, this.options);
    for (const { text, line } of this.pending) this.parser.line(text, line);
    this.pending = [];
  }

  private asTraceError(e: unknown): unknown {
    if (e instanceof BinaryInputError) return new TraceError(this.file, this.splitter.lines + 1, e.message);
    return e;
  }
}

/** Reads a whole trace held in memory (tests, small files). */
export function readTraceText(text: string | Uint8Array, file: string, options: ReadOptions = {}): Trace {
  const reader = new TraceReader(file, options);
  reader.push(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  return reader.end();
}
