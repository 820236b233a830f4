import { alignedSizeIndex, CallKind, callKind } from './alloc-call.ts';
import type { ByteLineParser } from './byte-lines.ts';
import { ascii, scan, scanDecimal, scanPointer, startsWith } from './byte-scan.ts';
import { callocProblem, parseCount, parsePointer, sizeProblem } from './call-numbers.ts';
import { OpList } from './op-list.ts';
import type { ProcessHeap } from './process-heap.ts';
import { ProcessTable } from './process-table.ts';
import { clip } from './rep.ts';
import type { Trace } from './trace.ts';
import { TraceError } from './trace-error.ts';
import { ABSURD_SIZE } from './trace-parser.ts';
import { times } from './warning-tally.ts';

/** The ltrace command line that records a trace this explorer replays faithfully. */
export const LTRACE_X_FUNCTIONS = 'malloc@libc.so.6+free@libc.so.6+realloc@libc.so.6+calloc@libc.so.6';

/**
 * What opens an ltrace line: `PID ` (-f with -o) or `[pid PID] ` (-f on the
 * terminal), a timestamp (-t, -tt, -ttt, -r), an instruction pointer (-i).
 */
const PREFIX = /^(?:\[pid (\d+)\] |(\d+) +)?(?: *(?:\d\d:\d\d:\d\d(?:\.\d+)?|\d+\.\d+) +)?(?:\[(?:0x[0-9a-f]+|\?+)\] +)?/;
/** `lib->name(` (the -e form), `name@lib(` (the -x form) or `name(`. */
const CALL = /^(?:([\w.+-]+)->)?([A-Za-z_]\w*)(?:@[\w.+-]+)?\((.*)$/;
const RESUMED = /^<\.\.\. ([A-Za-z_]\w*)(?:@[\w.+-]+)? resumed> ?(.*)$/;
/** The end of a call that returned: `args) = RET`, maybe with -T's `<0.000303>`. */
const RETURNED = /^(.*?)\)\s*= (\S+)(?: <\d+\.\d+>)?$/;
const UNFINISHED = ' <unfinished ...>';
const NO_RETURN = ' <no return ...>';

/** Whether a line reads as ltrace output: 'call' for an allocation call, 'neutral' for a signal or exit line, null if not ltrace's. */
export function looksLikeLtrace(text: string): 'call' | 'neutral' | null {
  const body = text.slice(PREFIX.exec(text)![0].length);
  if (/^(--- .* ---|\+\+\+ .* \+\+\+)$/.test(body)) return 'neutral';
  const m = CALL.exec(body) ?? RESUMED.exec(body);
  if (!m) return null;
  const kind = callKind(m.length === 4 ? m[2] : m[1]);
  return kind !== CallKind.Other && kind !== CallKind.Inert ? 'call' : null;
}

/** A call printed `<unfinished ...>`, waiting for its `<... name resumed>`. */
interface Pending {
  readonly kind: CallKind;
  readonly name: string;
  readonly args: string;
  readonly line: number;
  /** Made inside another allocation call (the malloc inside realloc(NULL, n)): part of that call. */
  readonly nested: boolean;
}

class LtProcess {
  pending: Pending[] = [];
  exited = false;
  constructor(readonly heap: ProcessHeap) {}
}

/**
 * ltrace output of malloc, calloc, realloc and free, as
 * `ltrace -L -x 'malloc@libc.so.6+...'` prints it: `malloc@libc.so.6(16) = 0x55a7dc7792a0`,
 * NULL as a bare `0`, `free@libc.so.6(0x...) = <void>`, `calloc@libc.so.6(1, 32) = ...`;
 * a call interrupted by another process's line or by a nested call is split
 * over `realloc@libc.so.6(0, 1600 <unfinished ...>` and
 * `<... realloc resumed> ) = 0x...`; a call made while an allocation call
 * of the same process is pending (the malloc inside realloc(NULL, n)) is
 * part of it. With -f each line starts with `PID ` or `[pid PID] `;
 * `--- Called exec() ---` starts that process's heap over, `+++ exited ... +++`
 * ends it, `<no return ...>` marks a call that never returned (skipped with
 * a warning). The plain `ltrace -e malloc+free` form (`prog->malloc(...)`,
 * `libc.so.6->malloc(...)`) misses calls and mislabels others: it is read
 * but not replayed, with a warning naming the -x form to use.
 *
 * Invariant: a process's `pending` stack holds its unfinished calls,
 * innermost last. Cost: O(line length) a line; memory O(ops + distinct addresses).
 */
export class LtraceParser implements ByteLineParser {
  private readonly table: ProcessTable;
  private readonly procs = new Map<number, LtProcess>();
  /** Whether lines carry a pid (ltrace -f); null until the first line says. */
  private named: boolean | null = null;
  /** Line of the first `lib->malloc(` call (the -e form), or 0. */
  private eFormLine = 0;
  private eFormExample = '';

  constructor(
    private readonly file: string,
    pid?: number,
  ) {
    this.table = new ProcessTable(file, pid);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return;
    const prefix = PREFIX.exec(text)!;
    const pidText = prefix[1] ?? prefix[2];
    const named = pidText !== undefined;
    if (this.named === null) this.named = named;
    else if (this.named !== named) {
      throw new TraceError(this.file, lineNo, `"${clip(text)}" ${named ? 'names a pid where the lines before it do not' : 'names no pid where the lines before it do'}: two ltrace outputs mixed?`);
    }
    const proc = this.process(named ? Number(pidText) : 0, lineNo);
    const body = text.slice(prefix[0].length);
    const c = body.charCodeAt(0);
    if (c === 45 && body.startsWith('--- ') && body.endsWith(' ---')) {
      if (body.startsWith('--- Called exec()')) {
        proc.pending = [];
        proc.heap.restart(lineNo, `exec() at line ${lineNo}`);
      }
      return;
    }
    if (c === 43 && body.startsWith('+++ ') && body.endsWith(' +++')) {
      for (const p of proc.pending) if (!p.nested && p.kind !== CallKind.Other) proc.heap.noReturn(`${p.name}(${clip(p.args)})`, p.line);
      proc.pending = [];
      proc.exited = true;
      return;
    }
    if (c === 60) {
      const resumed = RESUMED.exec(body);
      if (!resumed) throw this.unknownLine(text, lineNo);
      this.resume(proc, resumed[1], resumed[2], text, lineNo);
      return;
    }
    const call = CALL.exec(body);
    if (!call) throw this.unknownLine(text, lineNo);
    const name = call[2];
    const kind = callKind(name);
    if (call[1] !== undefined && kind !== CallKind.Other && this.eFormLine === 0) {
      this.eFormLine = lineNo;
      this.eFormExample = `${call[1]}->${name}`;
    }
    const rest = call[3];
    const nested = proc.pending.some((p) => p.kind !== CallKind.Other);
    if (rest.endsWith(UNFINISHED)) {
      proc.pending.push({ kind, name, args: rest.slice(0, -UNFINISHED.length), line: lineNo, nested });
      return;
    }
    if (rest.endsWith(NO_RETURN)) {
      if (!nested && kind !== CallKind.Other) proc.heap.noReturn(`${name}(${clip(rest.slice(0, -NO_RETURN.length))})`, lineNo);
      return;
    }
    if (kind === CallKind.Other && /\)\s*= /.test(rest)) {
      if (!nested) this.apply(proc.heap, kind, name, '', '', lineNo, lineNo);
      return;
    }
    const done = RETURNED.exec(rest);
    if (!done) throw this.cut(text, lineNo);
    if (!nested) this.apply(proc.heap, kind, name, done[1], done[2], lineNo, lineNo);
  }

  /**
   * The common line, straight from the bytes: `[PID ]name[@lib](args) = result`
   * for malloc, calloc, realloc and free, with no call of that process
   * pending. False for anything else, which then comes to `line` as text.
   * O(line length).
   */
  lineBytes(bytes: Uint8Array, start: number, end: number, lineNo: number): boolean {
    let i = start;
    let pid = 0;
    const named = bytes[i] >= 48 && bytes[i] <= 57;
    if (named) {
      pid = scanDecimal(bytes, i, end);
      i = scan.end;
      if (bytes[i] !== 32 || !(pid < 2 ** 31)) return false;
      while (i < end && bytes[i] === 32) i++;
    }
    if (this.named !== null && this.named !== named) return false;
    let kind: CallKind;
    if (startsWith(bytes, i, end, MALLOC)) {
      kind = CallKind.Malloc;
      i += 6;
    } else if (startsWith(bytes, i, end, FREE)) {
      kind = CallKind.Free;
      i += 4;
    } else if (startsWith(bytes, i, end, REALLOC)) {
      kind = CallKind.Realloc;
      i += 7;
    } else if (startsWith(bytes, i, end, CALLOC)) {
      kind = CallKind.Calloc;
      i += 6;
    } else return false;
    if (bytes[i] === 64) {
      while (i < end && bytes[i] !== 40 && bytes[i] !== 32) i++;
    }
    if (bytes[i] !== 40) return false;
    i++;
    let a: number;
    let b = 0;
    if (kind === CallKind.Malloc) a = scanDecimal(bytes, i, end);
    else if (kind === CallKind.Calloc) {
      a = scanDecimal(bytes, i, end);
      if (bytes[scan.end] !== 44 || bytes[scan.end + 1] !== 32) return false;
      b = scanDecimal(bytes, scan.end + 2, end);
      if (!(b < ABSURD_SIZE)) return false;
    } else {
      a = scanPointer(bytes, i, end);
      if (kind === CallKind.Realloc) {
        if (bytes[scan.end] !== 44 || bytes[scan.end + 1] !== 32) return false;
        b = scanDecimal(bytes, scan.end + 2, end);
        if (!(b < ABSURD_SIZE)) return false;
      }
    }
    const sized = kind === CallKind.Malloc || kind === CallKind.Calloc;
    // An absurd size or a bad pointer: the text path says why.
    if ((sized ? !(a < ABSURD_SIZE) : a !== a) || bytes[scan.end] !== 41) return false;
    i = scan.end + 1;
    while (i < end && bytes[i] === 32) i++;
    if (bytes[i] !== 61 || bytes[i + 1] !== 32) return false;
    i += 2;
    let result = 0;
    if (kind === CallKind.Free) {
      if (!startsWith(bytes, i, end, VOID) || i + VOID.length !== end) return false;
    } else {
      result = scanPointer(bytes, i, end);
      if (result !== result || scan.end !== end) return false;
    }
    if (kind === CallKind.Calloc && !(a * b < ABSURD_SIZE)) return false;
    const proc = this.process(pid, lineNo);
    if (proc.pending.length > 0) return false;
    this.named = named;
    const heap = proc.heap;
    switch (kind) {
      case CallKind.Malloc:
        heap.malloc(a, result, lineNo);
        break;
      case CallKind.Calloc:
        heap.malloc(a * b, result, lineNo);
        break;
      case CallKind.Realloc:
        heap.realloc(a, b, result, lineNo);
        break;
      default:
        heap.free(a, lineNo);
    }
    return true;
  }

  finish(lastLine: number): Trace {
    let cut: Pending | null = null;
    for (const p of this.procs.values()) {
      const top = p.pending[p.pending.length - 1];
      if (top && (cut === null || top.line > cut.line)) cut = top;
    }
    if (cut) throw new TraceError(this.file, cut.line, `the trace ends before ${cut.name}(${clip(cut.args)} <unfinished ...> resumes: the file is cut`);
    if (this.eFormLine > 0) return this.refuseEForm();
    return this.table.finish('ltrace', lastLine, this.named === true);
  }

  private process(pid: number, lineNo: number): LtProcess {
    let p = this.procs.get(pid);
    if (!p) {
      p = new LtProcess(this.table.get(pid));
      this.procs.set(pid, p);
    } else if (p.exited) {
      // The system gave an exited process's pid to a new one.
      p.exited = false;
      p.heap.restart(lineNo, `pid ${pid} reused by a new process at line ${lineNo}`);
    }
    return p;
  }

  private resume(proc: LtProcess, name: string, rest: string, text: string, lineNo: number): void {
    const top = proc.pending.pop();
    if (!top) throw new TraceError(this.file, lineNo, `"${clip(text)}" resumes a call that never started`);
    if (top.name !== name) throw new TraceError(this.file, lineNo, `"${clip(text)}" resumes ${name}, but the unfinished call is ${top.name} (line ${top.line})`);
    if (rest.endsWith(UNFINISHED)) {
      proc.pending.push({ ...top, args: joinArgs(top.args, rest.slice(0, -UNFINISHED.length)) });
      return;
    }
    if (rest.endsWith(NO_RETURN)) {
      if (!top.nested && top.kind !== CallKind.Other) proc.heap.noReturn(`${name}(${clip(top.args)})`, top.line);
      return;
    }
    const done = RETURNED.exec(rest);
    if (!done) throw this.cut(text, lineNo);
    if (!top.nested) this.apply(proc.heap, top.kind, name, joinArgs(top.args, done[1]), done[2], top.line, lineNo);
  }

  /** One returned call: its effect on the process's heap. `line` is where it started, `endLine` where it returned. */
  private apply(heap: ProcessHeap, kind: CallKind, name: string, argText: string, ret: string, line: number, endLine: number): void {
    if (kind === CallKind.Other) {
      this.table.warnings.note(`other:${name}`, line, renderOther, name);
      return;
    }
    if (this.eFormLine > 0 || kind === CallKind.Inert) return;
    const shown = `${name}(${argText})`;
    const bad = (why: string) => new TraceError(this.file, line, `"${clip(shown)}": ${why}`);
    if (kind === CallKind.Opaque) {
      heap.opaque(name, line);
      return;
    }
    const args = argText.split(',').map((a) => a.trim());
    const want = kind === CallKind.Calloc || kind === CallKind.Realloc || kind === CallKind.Aligned ? 2 : 1;
    if (args.length < want || args.slice(0, want).some((a) => a === '')) throw bad(`expected ${want} argument${want > 1 ? 's' : ''}`);
    if (kind === CallKind.Free) {
      const addr = parsePointer(args[0]);
      if (addr !== addr) throw bad('the pointer is not an address');
      heap.free(addr, line);
      return;
    }
    const result = parsePointer(ret);
    if (result !== result) throw new TraceError(this.file, endLine, `the result of "${clip(shown)}" is not an address: "${clip(ret)}"`);
    const number = (text: string) => {
      const v = parseCount(text);
      if (v !== v) throw bad(`"${clip(text)}" is not a number`);
      return v;
    };
    const size = (text: string) => {
      const v = number(text);
      const problem = sizeProblem(v, text);
      if (problem) throw bad(problem);
      return v;
    };
    switch (kind) {
      case CallKind.Malloc:
        heap.malloc(size(args[0]), result, line);
        return;
      case CallKind.Aligned:
        heap.aligned(size(args[alignedSizeIndex(name, [])]), result, line);
        return;
      case CallKind.Calloc: {
        const n = number(args[0]);
        const m = number(args[1]);
        const problem = callocProblem(n, m, args[0], args[1]);
        if (problem) throw bad(problem);
        heap.malloc(n * m, result, line);
        return;
      }
      default: {
        const old = parsePointer(args[0]);
        if (old !== old) throw bad('the pointer is not an address');
        heap.realloc(old, size(args[1]), result, line);
      }
    }
  }

  /** The `ltrace -e` form: read, not replayed. */
  private refuseEForm(): Trace {
    const message =
      `this is plain \`ltrace -e malloc+free+...\` output (${this.eFormExample}): it misses the calls the program makes inside its libraries ` +
      `and mislabels some of libc's own calls, so it is not replayed. Record with: ltrace -L -x '${LTRACE_X_FUNCTIONS}' -o FILE COMMAND ` +
      `(add -f for child processes), or: npm run -s cli -- record --with ltrace -o FILE -- COMMAND`;
    return {
      format: 'ltrace',
      file: this.file,
      ops: new OpList(1),
      idCount: 0,
      suggestedHeap: null,
      warnings: [{ line: this.eFormLine, message }],
      processes: [],
      pid: null,
    };
  }

  private cut(text: string, lineNo: number): TraceError {
    return new TraceError(this.file, lineNo, `the call is cut: "${clip(text)}" has no ") = RESULT", <unfinished ...> or <no return ...>`);
  }

  private unknownLine(text: string, lineNo: number): TraceError {
    return new TraceError(this.file, lineNo, `unknown line "${clip(text)}" in an ltrace trace: expected a call, <... resumed>, --- signal --- or +++ exit +++`);
  }
}

const MALLOC = ascii('malloc');
const FREE = ascii('free');
const REALLOC = ascii('realloc');
const CALLOC = ascii('calloc');
const VOID = ascii('<void>');

/** The arguments printed before `<unfinished ...>` and after `<... resumed>`. */
function joinArgs(before: string, after: string): string {
  const tail = after.trim();
  if (tail === '') return before;
  return `${before}${tail.startsWith(',') ? '' : ', '}${tail}`;
}

const renderOther = (n: number, name: string) => `${name} is not an allocation function: skipped${times(n, 'calls')}`;
