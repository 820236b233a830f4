import { MAX_HEAP_BYTES } from '../heap-memory.ts';
import { isStrategyName, STRATEGY_NAMES } from '../strategy.ts';
import { OpCode, OpList } from '../trace/op-list.ts';
import { describe, pushCompactOp } from './compact-ops.ts';
import { LINK_LIMITS, type ScenarioLimits } from './limits.ts';
import { checkProgram, isLiveAfter } from './program.ts';
import {
  DEFAULTS,
  hasControlCharacters,
  isSampleName,
  MAX_NAME_CHARS,
  MAX_ZOOM,
  MIN_HEAP_BYTES,
  SCENARIO_VERSION,
  type Scenario,
  type ScenarioSource,
  type Selection,
  type StripView,
} from './scenario.ts';

/**
 * The one restore step every load goes through (a link, a `.json` file, the
 * page's own state): it takes anything (`unknown`, e.g. parsed JSON),
 * migrates an older version to the current one, fills the defaults of
 * missing fields, and checks every field. What it hands back is a scenario
 * that keeps every invariant of scenario.ts, or a message that says what is
 * wrong, in words a user can act on. It never throws.
 *
 * Policy for what it does not know:
 * - a newer version is refused ("made by a newer version (vN)");
 * - an unknown field is refused, not dropped: every new field comes with a
 *   new version, so an unknown field in a known version is a typo or a hand
 *   edit ("heapsize"), and dropping it would silently open another scenario;
 * - a selection that names a block not live at the step is dropped with a
 *   warning: the scenario is otherwise sound and opens.
 * Strings are kept as data, never interpreted; messages quote them as JSON.
 */

export type RestoreResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly warnings: readonly string[] }
  | {
      readonly ok: false;
      readonly error: string;
      /** The field at fault (`heapSize`, `view.zoom`, `ops`), when one is. */
      readonly field?: string;
      /** The operation at fault (0-based), when one is. */
      readonly opIndex?: number;
    };

export interface RestoreOptions {
  /** Bounds on operations and ids (default: a link's). */
  readonly limits?: ScenarioLimits;
  /** What the scenario came in, for messages: "this link", "this file". */
  readonly origin?: 'link' | 'file';
}

/** A raw scenario of some version, as parsed. */
export type RawScenario = Record<string, unknown>;

/** Turns a raw scenario of version n into one of version n + 1. */
export type Migration = (raw: RawScenario) => RawScenario;

/**
 * MIGRATIONS[n] upgrades version n to n + 1; restore chains them up to
 * {@link SCENARIO_VERSION}. Version 1 is the first, so there are none yet:
 * when v2 comes, `1: (raw) => ({ ...raw, newField: itsV1Meaning })` goes here,
 * and the v1 fixture test keeps proving old links open.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** The fields of the current version, in the canonical order. */
export const SCENARIO_FIELDS = ['version', 'strategy', 'heapSize', 'source', 'ops', 'step', 'selected', 'view'] as const;

/** The message for a scenario from a newer version of the explorer. */
export function newerVersionMessage(version: number, origin: 'link' | 'file' = 'link'): string {
  return `this ${origin} was made by a newer version of the explorer (v${version}); this one reads up to v${SCENARIO_VERSION}: reload the page to get the newest version`;
}

/** A field that fails its check: thrown inside restore, returned as a value. */
class RestoreFault extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly opIndex?: number,
  ) {
    super(message);
  }
}

/**
 * Restores `raw` (see the module comment). Its `ops` may be compact arrays
 * (`["a", 0, 16]`, as in a file) or columns (an OpList, or one cloned from a
 * worker). O(ops + highest id): the ops are copied (the scenario owns them)
 * and checked as a program.
 */
export function restoreScenario(raw: unknown, options: RestoreOptions = {}): RestoreResult {
  const limits = options.limits ?? LINK_LIMITS;
  const origin = options.origin ?? 'link';
  try {
    const current = migrate(raw, origin);
    const warnings: string[] = [];
    const scenario = checkFields(current, limits, warnings);
    return { ok: true, scenario, warnings };
  } catch (e) {
    if (!(e instanceof RestoreFault)) throw e;
    const result: { ok: false; error: string; field?: string; opIndex?: number } = { ok: false, error: e.message };
    if (e.field !== undefined) result.field = e.field;
    if (e.opIndex !== undefined) result.opIndex = e.opIndex;
    return result;
  }
}

function migrate(raw: unknown, origin: 'link' | 'file'): RawScenario {
  if (!isPlainObject(raw)) throw new RestoreFault(`a scenario is an object of fields, not ${describe(raw)}`);
  let version = raw.version;
  if (version === undefined) throw new RestoreFault('the scenario has no "version" field', 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new RestoreFault(`"version" must be a whole number from 1, not ${describe(version)}`, 'version');
  }
  if (version > SCENARIO_VERSION) throw new RestoreFault(newerVersionMessage(version, origin), 'version');
  let current: RawScenario = raw;
  while (version < SCENARIO_VERSION) {
    current = MIGRATIONS[version](current);
    version++;
  }
  return current;
}

function checkFields(raw: RawScenario, limits: ScenarioLimits, warnings: string[]): Scenario {
  refuseUnknown(raw, SCENARIO_FIELDS, '');
  const strategy = field(raw, 'strategy', DEFAULTS.strategy);
  if (typeof strategy !== 'string' || !isStrategyName(strategy)) {
    throw new RestoreFault(`unknown strategy ${describe(strategy)}: expected one of ${STRATEGY_NAMES.join(', ')}`, 'strategy');
  }
  const heapSize = field(raw, 'heapSize', DEFAULTS.heapSize);
  if (!isWhole(heapSize) || heapSize < MIN_HEAP_BYTES || heapSize > MAX_HEAP_BYTES || heapSize % 8 !== 0) {
    throw new RestoreFault(`"heapSize" must be a multiple of 8 from ${MIN_HEAP_BYTES} to ${MAX_HEAP_BYTES} bytes, not ${describe(heapSize)}`, 'heapSize');
  }
  const source = checkSource(field(raw, 'source', DEFAULTS.source));
  const ops = checkOps(field(raw, 'ops', undefined), limits);
  const step = field(raw, 'step', ops.length);
  if (!isWhole(step) || step > ops.length) {
    throw new RestoreFault(`"step" must be a whole number from 0 to ${ops.length} (the number of operations), not ${describe(step)}`, 'step');
  }
  const selected = checkSelected(field(raw, 'selected', DEFAULTS.selected), ops, step, heapSize, limits, warnings);
  const view = checkView(field(raw, 'view', DEFAULTS.view), heapSize);
  return { version: SCENARIO_VERSION, strategy, heapSize, source, ops, step, selected, view };
}

function checkSource(raw: unknown): ScenarioSource {
  if (!isPlainObject(raw)) throw new RestoreFault(`"source" must be an object like {"kind": "clicks"}, not ${describe(raw)}`, 'source');
  const kind = raw.kind;
  if (kind === 'clicks') {
    refuseUnknown(raw, ['kind'], 'source.');
    return { kind };
  }
  if (kind !== 'sample' && kind !== 'file') {
    throw new RestoreFault(`"source.kind" must be "clicks", "sample" or "file", not ${describe(kind)}`, 'source.kind');
  }
  refuseUnknown(raw, ['kind', 'name'], 'source.');
  const name = raw.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS) {
    throw new RestoreFault(`"source.name" must be a text of 1 to ${MAX_NAME_CHARS} characters, not ${describe(name)}`, 'source.name');
  }
  if (!isPrintable(name)) throw new RestoreFault(`"source.name" ${describe(name)} holds control characters or broken Unicode`, 'source.name');
  if (kind === 'sample' && !isSampleName(name)) {
    throw new RestoreFault(`"source.name" ${describe(name)} is not a sample's file name (letters, digits, ".", "_", "-")`, 'source.name');
  }
  return { kind, name };
}

function checkOps(raw: unknown, limits: ScenarioLimits): OpList {
  let ops: OpList;
  if (raw === undefined) {
    ops = new OpList(1);
  } else if (isOpColumns(raw)) {
    if (raw.length > limits.maxOps) throw new RestoreFault(`the scenario has ${raw.length} operations, more than the ${limits.maxOps} allowed`, 'ops');
    ops = OpList.prototype.trimmed.call(raw);
    for (let i = 0; i < ops.length; i++) if (ops.kind[i] === OpCode.Free) ops.size[i] = 0;
  } else if (Array.isArray(raw)) {
    if (raw.length > limits.maxOps) throw new RestoreFault(`the scenario has ${raw.length} operations, more than the ${limits.maxOps} allowed`, 'ops');
    ops = new OpList(Math.max(1, raw.length));
    for (let i = 0; i < raw.length; i++) {
      const why = pushCompactOp(ops, raw[i], i + 1);
      if (why !== null) throw new RestoreFault(`operation ${i + 1}: ${why}`, 'ops', i);
    }
  } else {
    throw new RestoreFault(`"ops" must be a list of operations, not ${describe(raw)}`, 'ops');
  }
  const fault = checkProgram(ops, limits);
  if (fault) throw new RestoreFault(`operation ${fault.index + 1}: ${fault.message}`, 'ops', fault.index);
  return ops;
}

function checkSelected(raw: unknown, ops: OpList, step: number, heapSize: number, limits: ScenarioLimits, warnings: string[]): Selection | null {
  if (raw === null) return null;
  if (!isPlainObject(raw)) throw new RestoreFault(`"selected" must be null, {"id": N} or {"offset": N}, not ${describe(raw)}`, 'selected');
  const keys = Object.keys(raw);
  if (keys.length === 1 && keys[0] === 'id') {
    const id = raw.id;
    if (!isWhole(id) || id >= limits.maxIds) throw new RestoreFault(`"selected.id" must be a whole number below ${limits.maxIds}, not ${describe(id)}`, 'selected.id');
    if (!isLiveAfter(ops, step, id)) {
      warnings.push(`the selected block (id ${id}) is not live at step ${step}: nothing is selected`);
      return null;
    }
    return { id };
  }
  if (keys.length === 1 && keys[0] === 'offset') {
    const offset = raw.offset;
    if (!isWhole(offset) || offset >= heapSize) {
      throw new RestoreFault(`"selected.offset" must be a whole number of bytes below the heap size (${heapSize}), not ${describe(offset)}`, 'selected.offset');
    }
    return { offset };
  }
  throw new RestoreFault(`"selected" must be null, {"id": N} or {"offset": N}, not ${describe(raw)}`, 'selected');
}

function checkView(raw: unknown, heapSize: number): StripView {
  if (!isPlainObject(raw)) throw new RestoreFault(`"view" must be an object like {"zoom": 1, "scroll": 0}, not ${describe(raw)}`, 'view');
  refuseUnknown(raw, ['zoom', 'scroll'], 'view.');
  const zoom = field(raw, 'zoom', DEFAULTS.view.zoom);
  if (typeof zoom !== 'number' || !(zoom >= 1 && zoom <= MAX_ZOOM)) {
    throw new RestoreFault(`"view.zoom" must be a number from 1 to ${MAX_ZOOM}, not ${describe(zoom)}`, 'view.zoom');
  }
  const scroll = field(raw, 'scroll', DEFAULTS.view.scroll);
  if (typeof scroll !== 'number' || !(scroll >= 0 && scroll <= heapSize)) {
    throw new RestoreFault(`"view.scroll" must be a heap offset from 0 to ${heapSize}, not ${describe(scroll)}`, 'view.scroll');
  }
  // -0 becomes 0, so that equal views encode alike.
  return { zoom, scroll: scroll + 0 };
}

/**
 * An OpList, or its columns as they arrive from another thread (a structured
 * clone keeps the typed arrays and drops the class).
 */
function isOpColumns(raw: unknown): raw is OpList {
  if (raw instanceof OpList) return true;
  if (!isPlainObject(raw)) return false;
  const { kind, id, size, line, length } = raw;
  return (
    kind instanceof Uint8Array &&
    id instanceof Int32Array &&
    size instanceof Float64Array &&
    line instanceof Int32Array &&
    isWhole(length) &&
    length <= Math.min(kind.length, id.length, size.length, line.length)
  );
}

function refuseUnknown(raw: RawScenario, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new RestoreFault(`unknown field ${describe(prefix + key)}: the known ones are ${known.map((k) => prefix + k).join(', ')}`, prefix + key);
    }
  }
}

/** The field's own value, or `fallback` when the field is missing (undefined). */
function field(raw: RawScenario, key: string, fallback: unknown): unknown {
  const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
  return value === undefined ? fallback : value;
}

function isPlainObject(value: unknown): value is RawScenario {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Well-formed Unicode without control characters: a name shown as one line of text. */
function isPrintable(text: string): boolean {
  return text.isWellFormed() && !hasControlCharacters(text);
}
