import { OpCode, OpList } from './op-list.ts';
import type { Trace } from './trace.ts';
import { TraceError } from './trace-error.ts';
import { parseSize, type TraceParser } from './trace-parser.ts';

/**
 * The CS:APP malloc lab's `.rep` format. A header of four numbers, one a line:
 * classic (suggested heap size, ids, ops, weight) or CMU 15-213's newer one
 * (weight, ids, ops, peak live payload), told apart by the fourth number
 * (a weight is 0 or 1, a peak is larger); a copy with the first line stripped
 * has three (ids, ops, weight). Then one op a line: `a ID SIZE`, `f ID`,
 * `r ID SIZE`. The parser checks every line against the header and the ids'
 * lives (a free needs a live id), so that replay never meets a bad request.
 * Cost: O(1) a line; memory O(ids + ops).
 */
export class RepParser implements TraceParser {
  private header: number[] = [];
  private headerLines: number[] = [];
  private headerClosed = false;
  private idCount = 0;
  private opCount = 0;
  private suggestedHeap: number | null = null;
  private declaredPeak: number | null = null;
  private ops = new OpList();
  /** 0 never allocated, 1 live, 2 freed. */
  private idState = new Uint8Array(0);
  private idSize = new Float64Array(0);
  private payload = 0;
  private peak = 0;

  constructor(private readonly file: string) {}

  line(raw: string, lineNo: number): void {
    const text = raw.trim();
    if (text.length === 0) return;
    if (this.header.length < 4 && !(this.header.length === 3 && isOpLine(text))) {
      this.headerLine(text, lineNo);
      return;
    }
    if (!this.headerClosed) this.closeHeader(lineNo);
    this.opLine(text, lineNo);
  }

  finish(lastLine: number): Trace {
    if (this.header.length === 0) throw new TraceError(this.file, Math.max(1, lastLine), 'empty file: no .rep header');
    if (!this.headerClosed) {
      if (this.header.length < 3) throw new TraceError(this.file, lastLine, 'the header ends early: it needs 4 numbers');
      this.closeHeader(lastLine);
    }
    if (this.ops.length !== this.opCount) {
      throw new TraceError(this.file, lastLine, `the header promises ${this.opCount} operations, the file holds ${this.ops.length}`);
    }
    if (this.declaredPeak !== null && this.declaredPeak !== this.peak) {
      throw new TraceError(this.file, this.headerLines[3], `the header says the peak live payload is ${this.declaredPeak} bytes, the operations reach ${this.peak}`);
    }
    return {
      format: 'rep',
      file: this.file,
      ops: this.ops,
      idCount: this.idCount,
      suggestedHeap: this.suggestedHeap,
      warnings: [],
      processes: [],
      pid: null,
    };
  }

  private headerLine(text: string, lineNo: number): void {
    if (!/^\d+$/.test(text)) {
      const what = this.header.length === 0 ? 'not a .rep trace: the first line should be a number' : `header line ${this.header.length + 1} should be a whole number`;
      throw new TraceError(this.file, lineNo, `${what}, not "${clip(text)}"`);
    }
    this.header.push(Number(text));
    this.headerLines.push(lineNo);
  }

  /** Reads the header once it is complete: 4 numbers, or 3 when an op line came fourth. */
  private closeHeader(lineNo: number): void {
    const h = this.header;
    let ids: number;
    let ops: number;
    if (h.length === 3) {
      [ids, ops] = h;
    } else if (h[3] > 1) {
      // CMU: weight, ids, ops, peak payload.
      [, ids, ops] = h;
      this.declaredPeak = h[3];
    } else {
      [, ids, ops] = h;
      this.suggestedHeap = h[0] > 0 ? h[0] : null;
    }
    const at = this.headerLines[1] ?? lineNo;
    if (ids > 50_000_000) throw new TraceError(this.file, at, `the header declares ${ids} ids: absurd`);
    if (ops > 500_000_000) throw new TraceError(this.file, this.headerLines[2] ?? lineNo, `the header declares ${ops} operations: absurd`);
    this.idCount = ids;
    this.opCount = ops;
    this.idState = new Uint8Array(ids);
    this.idSize = new Float64Array(ids);
    this.headerClosed = true;
  }

  private opLine(text: string, lineNo: number): void {
    const parts = text.split(/\s+/);
    const op = parts[0];
    const wantFields = op === 'f' ? 2 : op === 'a' || op === 'r' ? 3 : 0;
    if (wantFields === 0) throw new TraceError(this.file, lineNo, `unknown operation "${clip(text)}": expected a ID SIZE, f ID or r ID SIZE`);
    if (parts.length !== wantFields) throw new TraceError(this.file, lineNo, `"${clip(text)}" should have ${wantFields} fields`);
    if (this.ops.length >= this.opCount) throw new TraceError(this.file, lineNo, `the header promises ${this.opCount} operations, this is one more`);
    if (!/^\d+$/.test(parts[1])) throw new TraceError(this.file, lineNo, `id "${clip(parts[1])}" is not a whole number`);
    const id = Number(parts[1]);
    if (id >= this.idCount) throw new TraceError(this.file, lineNo, `id ${id} is outside the header's ${this.idCount} ids (0..${this.idCount - 1})`);
    const state = this.idState[id];
    if (op === 'f') {
      if (state !== 1) throw new TraceError(this.file, lineNo, `free of id ${id}, which is ${state === 2 ? 'already freed' : 'never allocated'}`);
      this.idState[id] = 2;
      this.payload -= this.idSize[id];
      this.ops.push(OpCode.Free, id, 0, lineNo);
      return;
    }
    const size = parseSize(parts[2]);
    if (typeof size === 'string') throw new TraceError(this.file, lineNo, size);
    if (op === 'a') {
      if (state === 1) throw new TraceError(this.file, lineNo, `alloc of id ${id}, which is still live`);
      this.ops.push(OpCode.Alloc, id, size, lineNo);
    } else {
      if (state !== 1) throw new TraceError(this.file, lineNo, `realloc of id ${id}, which is ${state === 2 ? 'already freed' : 'never allocated'}`);
      this.payload -= this.idSize[id];
      this.ops.push(OpCode.Realloc, id, size, lineNo);
    }
    this.idState[id] = 1;
    this.idSize[id] = size;
    this.payload += size;
    if (this.payload > this.peak) this.peak = this.payload;
  }
}

function isOpLine(text: string): boolean {
  return /^[afr]\s/.test(text);
}

/** A line as quoted in a message: at most 60 characters. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
