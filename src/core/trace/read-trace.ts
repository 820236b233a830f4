import { ByteLineSplitter, readsBytes, type ByteLineParser } from './byte-lines.ts';
import { detectFormat, DETECT_LINES } from './detect.ts';
import { BinaryInputError, LineSplitter } from './line-splitter.ts';
import { LtraceParser } from './ltrace.ts';
import { RepParser } from './rep.ts';
import { ScenarioParser } from '../scenario/scenario-parser.ts';
import type { Trace, TraceFormat } from './trace.ts';
import { TraceError } from './trace-error.ts';
import type { TraceParser } from './trace-parser.ts';
import { ValgrindParser } from './valgrind.ts';

export interface ReadOptions {
  /** For traces of several processes: the one to replay (default: the one with the most calls). */
  readonly pid?: number;
  /** Called after each chunk is read: bytes and lines read so far (the page shows it; the total is the file's size). */
  readonly onProgress?: (progress: ReadProgress) => void;
}

export interface ReadProgress {
  readonly bytes: number;
  readonly lines: number;
}

export function createParser(format: TraceFormat, file: string, options: ReadOptions): TraceParser {
  switch (format) {
    case 'rep':
      return new RepParser(file);
    case 'valgrind':
      return new ValgrindParser(file, options.pid);
    case 'ltrace':
      return new LtraceParser(file, options.pid);
    case 'scenario':
      return new ScenarioParser(file);
    default:
      throw new TraceError(file, 1, `reading ${format} traces is not supported`);
  }
}

/**
 * Reads a trace from a stream of byte chunks: lines are cut as chunks arrive
 * and fed to the parser of the detected format, so memory holds the trace's
 * operations, never the whole text. The format is told from the first
 * lines; the chunks that held them are kept until then. A parser that reads
 * lines from bytes (valgrind's) then gets every line as bytes, decoded only
 * where it asks. Throws TraceError (`FILE:LINE: reason`). Cost: O(bytes).
 */
export class TraceReader {
  private parser: TraceParser | null = null;
  private pending: { text: string; line: number }[] = [];
  private readonly splitter: LineSplitter;
  /** Copies of the chunks read while the format is not known yet. */
  private held: Uint8Array[] = [];
  /** Set once the parser reads bytes: it replaces `splitter`. */
  private byteLines: ByteLineSplitter | null = null;
  private switching = false;
  private read = 0;

  constructor(
    readonly file: string,
    private readonly options: ReadOptions = {},
  ) {
    this.splitter = new LineSplitter((text, line) => this.onLine(text, line));
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.read;
  }

  push(chunk: Uint8Array): void {
    this.read += chunk.length;
    if (this.byteLines) this.byteLines.push(chunk);
    else {
      if (!this.parser) this.held.push(chunk.slice());
      try {
        this.splitter.push(chunk);
      } catch (e) {
        throw this.asTraceError(e);
      }
      if (this.switching) this.startByteLines();
    }
    this.options.onProgress?.({ bytes: this.read, lines: this.lines() });
  }

  end(): Trace {
    if (!this.byteLines) {
      try {
        this.splitter.end();
      } catch (e) {
        throw this.asTraceError(e);
      }
      if (!this.parser) {
        if (this.pending.every((l) => l.text.trim() === '')) throw new TraceError(this.file, Math.max(1, this.splitter.lines), 'empty file: no trace in it');
        this.decide(true);
      }
      if (this.switching) this.startByteLines();
    }
    this.byteLines?.end();
    return this.parser!.finish(this.lines());
  }

  private lines(): number {
    return this.byteLines ? this.byteLines.lines : this.splitter.lines;
  }

  private onLine(text: string, line: number): void {
    if (this.parser) {
      // Once the parser reads bytes, the rest of the chunk goes to it as bytes.
      if (!this.switching) this.parser.line(text, line);
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
    const parser = createParser(format, this.file, this.options);
    this.parser = parser;
    if (readsBytes(parser)) this.switching = true;
    else {
      for (const { text, line } of this.pending) parser.line(text, line);
      this.held = [];
    }
    this.pending = [];
  }

  /** Reads the held chunks again, as bytes, and every chunk after them. */
  private startByteLines(): void {
    const lines = new ByteLineSplitter(this.file, this.parser as ByteLineParser);
    this.byteLines = lines;
    this.switching = false;
    const held = this.held;
    this.held = [];
    for (const chunk of held) lines.push(chunk);
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
