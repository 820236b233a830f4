import { OpList } from '../trace/op-list.ts';
import type { Trace } from '../trace/trace.ts';
import { TraceError, type TraceWarning } from '../trace/trace-error.ts';
import type { TraceParser } from '../trace/trace-parser.ts';
import { pushCompactOp } from './compact-ops.ts';
import { FILE_LIMITS } from './limits.ts';
import { idCountOf } from './program.ts';
import { restoreScenario, type RestoreResult } from './restore.ts';
import { SCENARIO_FILE_TYPE, type Scenario } from './scenario.ts';

/**
 * Reads a `.json` scenario file (json-file.ts writes them) line by line, as
 * the trace reader feeds every format, and hands back a Trace whose
 * `scenario` holds the whole restored scenario. The file is JSON; where it
 * has the layout json-file.ts writes, a line `"ops": [`, one operation a line
 * (or several), and a line `]`, the operations stream into columns as the
 * lines come, so memory holds the operations, never the text; the few other
 * lines are parsed at the end. A file of another layout is parsed whole
 * (up to {@link MAX_OTHER_CHARS}). Either way every field goes through the
 * one restore step. Bad JSON, a bad operation or a failed restore throw a
 * TraceError at the line at fault. Cost: O(1) a line, O(ops) at the end.
 */

/** A trace read from a scenario file: the operations, and the rest of the scenario. */
export interface ScenarioTrace extends Trace {
  readonly format: 'scenario';
  readonly scenario: Scenario;
}

/** Whether `trace` came from a scenario file (and so carries its scenario). */
export function isScenarioTrace(trace: Trace): trace is ScenarioTrace {
  return trace.format === 'scenario' && 'scenario' in trace;
}

/** Characters of the lines outside the streamed operations (the header, or a whole file of another layout). */
export const MAX_OTHER_CHARS = 16 * 1024 * 1024;

/** Stands for the streamed operations in the text parsed at the end. */
const STREAMED = '\u0000streamed-ops';

const OPS_OPEN = /^"ops"\s*:\s*\[$/;
const OPS_CLOSE = /^\](,?)$/;

export class ScenarioParser implements TraceParser {
  /** Lines parsed at the end, with their file line numbers. */
  private other: { text: string; line: number }[] = [];
  private otherChars = 0;
  private state: 'outside' | 'ops' = 'outside';
  private opsLine = 0;
  private streamedSections = 0;
  private readonly ops = new OpList();

  constructor(private readonly file: string) {}

  line(raw: string, lineNo: number): void {
    const text = raw.trim();
    if (this.state === 'ops') {
      this.opsSectionLine(text, lineNo);
      return;
    }
    if (OPS_OPEN.test(text)) {
      if (this.streamedSections > 0) throw new TraceError(this.file, lineNo, `a second "ops" list (the first is at line ${this.opsLine})`);
      this.state = 'ops';
      this.opsLine = lineNo;
      return;
    }
    this.keep(raw, lineNo);
  }

  finish(lastLine: number): ScenarioTrace {
    if (this.state === 'ops') throw new TraceError(this.file, lastLine, `the file ends inside the "ops" list opened at line ${this.opsLine}: it is cut short`);
    const parsed = this.parseOther(lastLine);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TraceError(this.file, this.firstLine(), 'a scenario file holds one JSON object');
    }
    const fields = parsed as Record<string, unknown>;
    if (fields.type !== SCENARIO_FILE_TYPE) {
      throw new TraceError(this.file, this.lineOf('type'), `not a scenario file: its "type" should be "${SCENARIO_FILE_TYPE}"`);
    }
    delete fields.type;
    if (this.streamedSections > 0) {
      if (fields.ops !== STREAMED) throw new TraceError(this.file, this.opsLine, 'the "ops" list must be a field of the top-level object');
      fields.ops = this.ops;
    }
    const result = restoreScenario(fields, { limits: FILE_LIMITS, origin: 'file' });
    if (!result.ok) throw new TraceError(this.file, this.lineOfFault(result), result.error);
    const scenario = result.scenario;
    if (this.streamedSections === 0) scenario.ops.line.fill(this.lineOf('ops'));
    const warnings: TraceWarning[] = result.warnings.map((message) => ({ line: this.lineOf('selected'), message }));
    return {
      format: 'scenario',
      file: this.file,
      ops: scenario.ops,
      idCount: idCountOf(scenario.ops),
      suggestedHeap: scenario.heapSize,
      warnings,
      processes: [],
      pid: null,
      scenario,
    };
  }

  /** A line inside the "ops" list: operations, or the closing `]`. */
  private opsSectionLine(text: string, lineNo: number): void {
    if (text.length === 0) return;
    const close = OPS_CLOSE.exec(text);
    if (close) {
      this.state = 'outside';
      this.streamedSections++;
      this.keep(`"ops": ${JSON.stringify(STREAMED)}${close[1]}`, this.opsLine);
      return;
    }
    const body = text.endsWith(',') ? text.slice(0, -1) : text;
    let items: unknown;
    try {
      items = JSON.parse(`[${body}]`);
    } catch {
      throw new TraceError(this.file, lineNo, `not an operation: expected one like ["a", 0, 16] on each line of "ops", found "${clip(text)}"`);
    }
    for (const item of items as unknown[]) {
      if (this.ops.length >= FILE_LIMITS.maxOps) throw new TraceError(this.file, lineNo, `more than ${FILE_LIMITS.maxOps} operations`);
      const why = pushCompactOp(this.ops, item, lineNo);
      if (why !== null) throw new TraceError(this.file, lineNo, why);
    }
  }

  private keep(text: string, line: number): void {
    this.otherChars += text.length + 1;
    if (this.otherChars > MAX_OTHER_CHARS) {
      throw new TraceError(this.file, line, `a scenario file this large must list its operations one a line, between a line "ops": [ and a line ]`);
    }
    this.other.push({ text, line });
  }

  /** Parses the kept lines as JSON; a syntax error becomes a TraceError at its line. */
  private parseOther(lastLine: number): unknown {
    const text = this.other.map((l) => l.text).join('\n');
    try {
      return JSON.parse(text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = /position (\d+)/.exec(message);
      const line = at ? this.lineAtOffset(Number(at[1])) : lastLine;
      return this.badJson(line, message);
    }
  }

  private badJson(line: number, message: string): never {
    const detail = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '');
    throw new TraceError(this.file, line, `not valid JSON: ${clip(detail)}`);
  }

  /** The file line of a character offset in the joined kept lines. */
  private lineAtOffset(offset: number): number {
    let at = 0;
    for (const l of this.other) {
      at += l.text.length + 1;
      if (offset < at) return l.line;
    }
    return this.other.length > 0 ? this.other[this.other.length - 1].line : 1;
  }

  private lineOfFault(result: Extract<RestoreResult, { ok: false }>): number {
    if (result.opIndex !== undefined && this.streamedSections > 0 && result.opIndex < this.ops.length) return this.ops.line[result.opIndex];
    return this.lineOf(result.field?.split('.')[0] ?? '');
  }

  /** The line of the top-level key `key` (its first mention), else the first line. */
  private lineOf(key: string): number {
    if (key === 'ops' && this.streamedSections > 0) return this.opsLine;
    const quoted = `"${key}"`;
    for (const l of this.other) if (l.text.trim().startsWith(quoted)) return l.line;
    return this.firstLine();
  }

  private firstLine(): number {
    return this.other.length > 0 ? this.other[0].line : 1;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
