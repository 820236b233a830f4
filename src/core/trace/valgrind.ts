import { alignedSizeIndex, CallKind, callKind } from './alloc-call.ts';
import type { ByteLineParser } from './byte-lines.ts';
import { ascii, scan, scanDecimal, scanHex, startsWith } from './byte-scan.ts';
import { callocProblem, parseCount, parsePointer, sizeProblem } from './call-numbers.ts';
import type { ProcessHeap } from './process-heap.ts';
import { ProcessTable } from './process-table.ts';
import { clip } from './rep.ts';
import type { Trace } from './trace.ts';
import { TraceError } from './trace-error.ts';
import { ABSURD_SIZE } from './trace-parser.ts';

/** The first line of a valgrind log: `==PID== ...` or `--PID-- ...`. */
export function looksLikeValgrind(text: string): boolean {
  return /^(==\d+==|--\d+--)( |$)/.test(text);
}

/** A call printed without its result yet (`malloc(16)` waiting for ` = 0x...`). */
interface Pending {
  readonly kind: CallKind;
  /** malloc/aligned: size; calloc: n; realloc: old pointer. */
  readonly a: number;
  /** calloc: m; realloc: new size. */
  readonly b: number;
  readonly line: number;
  /** The call as printed, for messages. */
  readonly shown: string;
}

/** What the parser keeps about one process besides its heap. */
class VgProcess {
  pending: Pending[] = [];
  /** Saw this process's `Command:` banner line. */
  bannered = false;
  /** Its exit summary, checked at the end against its calls. */
  inUse: { line: number; said: [number, number]; found: [number, number] } | null = null;
  usage: { line: number; said: [number, number, number]; found: [number, number, number] } | null = null;
  constructor(readonly heap: ProcessHeap) {}
}

/**
 * `valgrind --trace-malloc=yes` output. Each trace line is `--PID-- ` and
 * calls as valgrind's malloc replacement prints them: `malloc(16) = 0x4A41040`,
 * `free(0x4A41040)` (no result), `calloc(13,16) = ...`, `realloc(0x0,1600)malloc(1600) = ...`
 * (realloc(NULL) prints the malloc it makes, whose result is the realloc's),
 * `realloc(p,0)free(p)` then ` = 0` on a line of its own, C++ `_Znwm(4)`,
 * `_ZdlPvm(p)`..., `memalign(al 64, size 100)`. Anything valgrind prints
 * mid-line (a warning) may follow a call that awaits its result. Lines
 * `==PID== ...` are banners, error reports and summaries; the banner names
 * the command, and each process's exit summary ("in use at exit", "total
 * heap usage") is checked against its calls. Several PIDs
 * (`--trace-children=yes`) are kept apart.
 *
 * Invariant: a call awaiting its result is on its process's `pending` stack;
 * only realloc may have a call nested under it. Cost: O(line length) a
 * line, one hash lookup per call; memory O(ops + distinct addresses).
 */
export class ValgrindParser implements ByteLineParser {
  private readonly table: ProcessTable;
  private readonly procs = new Map<number, VgProcess>();
  private last: VgProcess | null = null;
  private lastPid = -1;

  constructor(
    private readonly file: string,
    pid?: number,
  ) {
    this.table = new ProcessTable(file, pid);
  }

  line(text: string, lineNo: number): void {
    const c0 = text.charCodeAt(0);
    const c1 = text.charCodeAt(1);
    if (c0 === 45 && c1 === 45) {
      try {
        this.traceLine(text, lineNo);
      } catch (e) {
        // Lines of several processes written to one shared log cut each other.
        if (e instanceof TraceError && /.(--\d+--|==\d+==)/.test(text)) throw this.mixed(text, lineNo);
        throw e;
      }
    } else if (c0 === 61 && c1 === 61) this.messageLine(text, lineNo);
    else if (text.trim() !== '') throw this.unknownLine(text, lineNo);
  }

  /**
   * The common `--PID-- ` lines, straight from the bytes (see fastCall);
   * false for anything else, which then comes to `line` as text.
   */
  lineBytes(bytes: Uint8Array, start: number, end: number, lineNo: number): boolean {
    if (bytes[start] !== 45 || bytes[start + 1] !== 45) return false;
    let i = start + 2;
    let pid = 0;
    while (i < end) {
      const c = bytes[i];
      if (c < 48 || c > 57) break;
      pid = pid * 10 + (c - 48);
      i++;
    }
    if (i === start + 2 || i - start > 12 || i + 3 > end || bytes[i] !== 45 || bytes[i + 1] !== 45 || bytes[i + 2] !== 32) return false;
    const proc = this.process(pid);
    return proc.pending.length === 0 && fastCall(proc.heap, bytes, i + 3, end, lineNo);
  }

  finish(lastLine: number): Trace {
    let cut: Pending | null = null;
    for (const p of this.procs.values()) {
      const top = p.pending[p.pending.length - 1];
      if (top && (cut === null || top.line > cut.line)) cut = top;
    }
    if (cut) throw new TraceError(this.file, cut.line, `the trace ends inside ${cut.shown}, which never got its result: the file is cut`);
    for (const p of this.procs.values()) this.checkSummary(p);
    return this.table.finish('valgrind', lastLine, true);
  }

  private process(pid: number): VgProcess {
    if (pid === this.lastPid) return this.last!;
    let p = this.procs.get(pid);
    if (!p) {
      p = new VgProcess(this.table.get(pid));
      this.procs.set(pid, p);
    }
    this.last = p;
    this.lastPid = pid;
    return p;
  }

  /** `--PID-- calls...` as text: every form (the common ones usually come as bytes, to `lineBytes`). */
  private traceLine(text: string, lineNo: number): void {
    const n = text.length;
    let i = 2;
    let pid = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      pid = pid * 10 + (c - 48);
      i++;
    }
    if (i === 2 || i > 12 || text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45) throw this.unknownLine(text, lineNo);
    i += 2;
    if (i >= n) return;
    if (text.charCodeAt(i) !== 32) throw this.mixed(text, lineNo);
    i++;
    this.callContent(this.process(pid), text, i, lineNo);
  }

  /** The general form: call heads and results glued in any order, then maybe a message. */
  private callContent(proc: VgProcess, text: string, start: number, lineNo: number): void {
    const n = text.length;
    let i = start;
    while (i < n) {
      if (text.startsWith(' = ', i)) {
        let end = i + 3;
        while (end < n && isWordChar(text.charCodeAt(end))) end++;
        this.result(proc, text.slice(i + 3, end), text, lineNo);
        i = end;
        continue;
      }
      let j = i;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      if (j > i && text.charCodeAt(j) === 40) {
        const close = text.indexOf(')', j);
        if (close < 0) throw new TraceError(this.file, lineNo, `the call is cut: "${clip(text.slice(i))}" has no closing parenthesis`);
        this.head(proc, text.slice(i, j), text.slice(j + 1, close), text.slice(i, close + 1), lineNo);
        i = close + 1;
        continue;
      }
      // Not a call: a message valgrind printed (mid-line after a call awaiting its
      // result, or with -v). A lone word is a line cut short.
      if (i === start && text.indexOf(' ', i) < 0) throw new TraceError(this.file, lineNo, `unknown line "${clip(text)}": neither a call nor a valgrind message (is it cut?)`);
      return;
    }
  }

  private head(proc: VgProcess, name: string, args: string, shown: string, lineNo: number): void {
    const kind = callKind(name);
    const top = proc.pending[proc.pending.length - 1];
    switch (kind) {
      case CallKind.Other:
        throw new TraceError(this.file, lineNo, `unknown function in "${clip(shown)}": not one valgrind --trace-malloc prints`);
      case CallKind.Free: {
        const addr = parsePointer(firstArg(args));
        if (addr !== addr) throw new TraceError(this.file, lineNo, `"${clip(shown)}": the pointer is not an address`);
        if (top) {
          // realloc(p, 0) frees p through free(), which prints itself: part of the realloc.
          if (top.kind === CallKind.Realloc && top.b === 0) return;
          throw this.noResult(top, lineNo);
        }
        proc.heap.free(addr, lineNo);
        return;
      }
      case CallKind.Inert: {
        // malloc_usable_size(p) = N; of NULL it prints no result, mallinfo() none at all.
        if (name === 'mallinfo' || name === 'mallinfo2' || parsePointer(firstArg(args)) === 0) return;
        proc.pending.push({ kind, a: 0, b: 0, line: lineNo, shown });
        return;
      }
      case CallKind.Opaque:
        if (top) throw this.noResult(top, lineNo);
        proc.heap.opaque(name, lineNo);
        return;
    }
    // aligned_alloc prints no result in valgrind (newer versions; older ones print memalign).
    if (name === 'aligned_alloc') {
      if (top) throw this.noResult(top, lineNo);
      proc.heap.opaque(name, lineNo);
      return;
    }
    const call = this.readCall(kind, name, args, shown, lineNo);
    if (top) {
      // realloc(NULL, n) prints the malloc(n) it makes.
      if (!(top.kind === CallKind.Realloc && top.a === 0 && kind === CallKind.Malloc)) throw this.noResult(top, lineNo);
    }
    proc.pending.push(call);
  }

  /** A call awaiting its result, its numbers read and checked. */
  private readCall(kind: CallKind, name: string, args: string, shown: string, lineNo: number): Pending {
    const parts = args.split(',');
    const labels: (string | null)[] = [];
    const values: string[] = [];
    for (const part of parts) {
      const t = part.trim();
      const sp = t.lastIndexOf(' ');
      labels.push(sp >= 0 ? t.slice(0, sp) : null);
      values.push(sp >= 0 ? t.slice(sp + 1) : t);
    }
    const want = kind === CallKind.Calloc || kind === CallKind.Realloc || kind === CallKind.Aligned ? 2 : 1;
    if (values.length < want || values.some((v) => v === '')) throw this.bad(shown, lineNo, `expected ${want} argument${want > 1 ? 's' : ''}`);
    if (kind === CallKind.Realloc) {
      const old = parsePointer(values[0]);
      if (old !== old) throw this.bad(shown, lineNo, 'the pointer is not an address');
      return { kind, a: old, b: this.size(values[1], shown, lineNo), line: lineNo, shown };
    }
    if (kind === CallKind.Calloc) {
      const nn = this.count(values[0], shown, lineNo);
      const m = this.count(values[1], shown, lineNo);
      const problem = callocProblem(nn, m, values[0], values[1]);
      if (problem) throw this.bad(shown, lineNo, problem);
      return { kind, a: nn, b: m, line: lineNo, shown };
    }
    const at = kind === CallKind.Aligned ? alignedSizeIndex(name, labels) : 0;
    return { kind, a: this.size(values[at] ?? '', shown, lineNo), b: 0, line: lineNo, shown };
  }

  private bad(shown: string, lineNo: number, why: string): TraceError {
    return new TraceError(this.file, lineNo, `"${clip(shown)}": ${why}`);
  }

  private count(text: string, shown: string, lineNo: number): number {
    const v = parseCount(text);
    if (v !== v) throw this.bad(shown, lineNo, `"${clip(text)}" is not a number`);
    return v;
  }

  private size(text: string, shown: string, lineNo: number): number {
    const v = this.count(text, shown, lineNo);
    const problem = sizeProblem(v, text);
    if (problem) throw this.bad(shown, lineNo, problem);
    return v;
  }

  /** ` = VALUE`: the result of the innermost call awaiting one. */
  private result(proc: VgProcess, token: string, text: string, lineNo: number): void {
    const top = proc.pending.pop();
    if (!top) throw new TraceError(this.file, lineNo, `a result " = ${clip(token)}" with no call awaiting it: "${clip(text)}"`);
    if (top.kind === CallKind.Inert) {
      if (parseCount(token) !== parseCount(token)) throw new TraceError(this.file, lineNo, `the result of ${top.shown} is not a number: "${clip(token)}"`);
      return;
    }
    const value = parsePointer(token);
    if (value !== value) throw new TraceError(this.file, lineNo, `the result of ${clip(top.shown)} is not an address: "${clip(token)}" (is the line cut?)`);
    const outer = proc.pending[proc.pending.length - 1];
    if (outer) {
      // The malloc inside realloc(NULL, n): its result is the realloc's, which valgrind never prints.
      proc.pending.pop();
      proc.heap.realloc(0, outer.b, value, outer.line);
      return;
    }
    switch (top.kind) {
      case CallKind.Calloc:
        proc.heap.malloc(top.a * top.b, value, top.line);
        return;
      case CallKind.Realloc:
        proc.heap.realloc(top.a, top.b, value, top.line);
        return;
      case CallKind.Aligned:
        proc.heap.aligned(top.a, value, top.line);
        return;
      default:
        proc.heap.malloc(top.a, value, top.line);
    }
  }

  private noResult(top: Pending, lineNo: number): TraceError {
    return new TraceError(this.file, lineNo, `a new call starts while ${clip(top.shown)} (line ${top.line}) still awaits its result: the trace is cut or two threads' output is mixed`);
  }

  /** `==PID== ...`: banners and summaries matter, the rest (error reports, stacks) is skipped. */
  private messageLine(text: string, lineNo: number): void {
    const m = /^==(\d{1,10})==(?: (.*))?$/.exec(text);
    if (!m) throw this.unknownLine(text, lineNo);
    const content = m[2] ?? '';
    const c = content.charCodeAt(0);
    if (c === 67 && content.startsWith('Command: ')) {
      const proc = this.process(Number(m[1]));
      // A second banner for one pid: valgrind followed it through exec().
      if (proc.bannered || proc.heap.calls > 0) {
        proc.pending = [];
        proc.heap.restart(lineNo, `exec() of "${clip(content.slice(9))}" at line ${lineNo}`);
        proc.inUse = null;
        proc.usage = null;
      }
      proc.bannered = true;
      proc.heap.command = content.slice(9).trim();
    } else if (c === 32) {
      const inUse = /^\s+in use at exit: ([\d,]+) bytes in ([\d,]+) blocks/.exec(content);
      if (inUse) {
        const proc = this.process(Number(m[1]));
        const live = proc.heap.liveTotals();
        proc.inUse = { line: lineNo, said: [commaNumber(inUse[1]), commaNumber(inUse[2])], found: [live.bytes, live.blocks] };
        return;
      }
      const usage = /^\s+total heap usage: ([\d,]+) allocs, ([\d,]+) frees, ([\d,]+) bytes allocated/.exec(content);
      if (usage) {
        const proc = this.process(Number(m[1]));
        const h = proc.heap;
        proc.usage = { line: lineNo, said: [commaNumber(usage[1]), commaNumber(usage[2]), commaNumber(usage[3])], found: [h.allocCount, h.freeCount, h.bytesAllocated] };
      }
    }
  }

  /**
   * A process's exit summary must agree with its calls. Valgrind may count
   * more than the trace shows, never less: a forked child starts with a copy
   * of its parent's blocks and counters, which its own trace does not show
   * (and a lone child's file does not say it was forked). So every figure
   * of the summary must be at least the calls' own; for a process that is
   * not a fork (valgrind's own summary of every exec'd program), they are
   * equal, as the tests check on real recordings.
   */
  private checkSummary(p: VgProcess): void {
    if (p.inUse) {
      const { line, said, found } = p.inUse;
      if (said[0] < found[0] || said[1] < found[1]) {
        throw new TraceError(this.file, line, `valgrind's summary says ${said[0]} bytes in ${said[1]} blocks are in use at exit, but the calls above leave ${found[0]} bytes in ${found[1]} blocks: lines are missing or edited`);
      }
    }
    if (p.usage) {
      const { line, said, found } = p.usage;
      if (said[0] < found[0] || said[1] < found[1] || said[2] < found[2]) {
        throw new TraceError(this.file, line, `valgrind's summary says ${said[0]} allocs, ${said[1]} frees, ${said[2]} bytes allocated, but the calls above make ${found[0]} allocs, ${found[1]} frees, ${found[2]} bytes: lines are missing or edited`);
      }
    }
  }

  private mixed(text: string, lineNo: number): TraceError {
    return new TraceError(this.file, lineNo, `two processes' output is mixed on one line: "${clip(text)}" (record each process to its own file: valgrind --log-file=NAME.%p, or lululucator record --children)`);
  }

  private unknownLine(text: string, lineNo: number): TraceError {
    return new TraceError(this.file, lineNo, `unknown line "${clip(text)}" in a valgrind trace: its lines start with ==PID== or --PID-- (did the program write to the same stream? record with valgrind --log-file=FILE)`);
  }
}

const FREE = ascii('free(');
const MALLOC = ascii('malloc(');
const CALLOC = ascii('calloc(');
const REALLOC = ascii('realloc(');
const NESTED_MALLOC = ascii(')malloc(');
const RETURNS = ascii(') = ');

/**
 * The forms that make up nearly every line, read from the bytes without
 * building a string or an object: `free(P)`, `malloc(N) = P`,
 * `calloc(N,M) = P`, `realloc(P,N) = Q`, `realloc(0x0,N)malloc(N) = P`.
 * False when the line is anything else (or odd: an absurd size...), for
 * the general reader to take and explain. O(line length).
 */
function fastCall(heap: ProcessHeap, bytes: Uint8Array, i: number, end: number, lineNo: number): boolean {
  switch (bytes[i]) {
    case 102: {
      if (!startsWith(bytes, i, end, FREE)) return false;
      const addr = scanHex(bytes, i + 5, end);
      if (addr !== addr || scan.end !== end - 1 || bytes[scan.end] !== 41) return false;
      heap.free(addr, lineNo);
      return true;
    }
    case 109: {
      if (!startsWith(bytes, i, end, MALLOC)) return false;
      const size = scanDecimal(bytes, i + 7, end);
      if (!(size < ABSURD_SIZE) || !startsWith(bytes, scan.end, end, RETURNS)) return false;
      const result = scanHex(bytes, scan.end + 4, end);
      if (result !== result || scan.end !== end) return false;
      heap.malloc(size, result, lineNo);
      return true;
    }
    case 99: {
      if (!startsWith(bytes, i, end, CALLOC)) return false;
      const count = scanDecimal(bytes, i + 7, end);
      if (bytes[scan.end] !== 44 || scan.end >= end) return false;
      const each = scanDecimal(bytes, scan.end + 1, end);
      if (!(count < ABSURD_SIZE && each < ABSURD_SIZE && count * each < ABSURD_SIZE) || !startsWith(bytes, scan.end, end, RETURNS)) return false;
      const result = scanHex(bytes, scan.end + 4, end);
      if (result !== result || scan.end !== end) return false;
      heap.malloc(count * each, result, lineNo);
      return true;
    }
    case 114: {
      if (!startsWith(bytes, i, end, REALLOC)) return false;
      const old = scanHex(bytes, i + 8, end);
      if (old !== old || bytes[scan.end] !== 44 || scan.end >= end) return false;
      const size = scanDecimal(bytes, scan.end + 1, end);
      if (!(size < ABSURD_SIZE)) return false;
      if (old === 0) {
        if (!startsWith(bytes, scan.end, end, NESTED_MALLOC)) return false;
        if (scanDecimal(bytes, scan.end + 8, end) !== size || !startsWith(bytes, scan.end, end, RETURNS)) return false;
      } else if (size === 0 || !startsWith(bytes, scan.end, end, RETURNS)) return false;
      const result = scanHex(bytes, scan.end + 4, end);
      if (result !== result || scan.end !== end) return false;
      heap.realloc(old, size, result, lineNo);
      return true;
    }
    default:
      return false;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function firstArg(args: string): string {
  const comma = args.indexOf(',');
  return (comma < 0 ? args : args.slice(0, comma)).trim();
}

function commaNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}
