import { FILE_LIMITS } from '../../core/scenario/limits.ts';
import { restoreScenario, type RestoreResult } from '../../core/scenario/restore.ts';
import {
  DEFAULTS,
  hasControlCharacters,
  isSampleName,
  MAX_NAME_CHARS,
  MAX_ZOOM,
  SCENARIO_VERSION,
  type ScenarioSource,
  type Selection,
  type StripView,
} from '../../core/scenario/scenario.ts';
import type { StrategyName } from '../../core/strategy.ts';
import type { OpList } from '../../core/trace/op-list.ts';
import type { ProcessInfo } from '../../core/trace/trace.ts';
import type { LoadedTrace } from '../store/app-state.ts';

/**
 * The scenario the page shows: the store's settings, step, selection and
 * trace, the timeline's operations (the connection's mirror) and the strip's
 * view, through the one restore step, so that what `share` encodes is a
 * scenario restore accepts. Pure: no DOM, no store.
 */

/** The parts of the store's state a scenario takes. */
export interface PageScenarioState {
  readonly strategy: StrategyName;
  readonly heapSize: number;
  readonly step: number;
  readonly selected: Selection | null;
  readonly trace: LoadedTrace | null;
}

const CLICKS: ScenarioSource = Object.freeze({ kind: 'clicks' });

/**
 * The process a multi-process trace replays when none is asked for: the one
 * with the most calls, the first such on a tie (the trace readers' rule,
 * process-table.ts). Null for a trace that names no process. O(processes).
 */
export function defaultPid(processes: readonly ProcessInfo[]): number | null {
  let best: ProcessInfo | null = null;
  for (const p of processes) if (best === null || p.calls > best.calls) best = p;
  return best ? best.pid : null;
}

/**
 * Where the timeline's operations came from, as a scenario says it. A link
 * names a sample instead of carrying its operations only when the timeline
 * is exactly what loading that sample by name gives: not edited by clicks,
 * and its default process. A scenario file keeps the source it was saved
 * with, except a sample's: the file's operations are not known to be the
 * sample's, so they travel with the scenario, under the file's name. O(1).
 */
export function sourceOfTrace(trace: LoadedTrace | null): ScenarioSource {
  if (trace === null || trace.edited) return CLICKS;
  if (trace.scenario !== null) {
    const saved = trace.scenario.source;
    return saved.kind === 'sample' ? fileSource(trace.name) : saved;
  }
  if (trace.sample !== null) {
    const isDefault = trace.pid === null || trace.pid === defaultPid(trace.processes);
    if (isDefault && isSampleName(trace.sample)) return { kind: 'sample', name: trace.sample };
    return fileSource(trace.pid === null ? trace.sample : `${trace.sample} (pid ${trace.pid})`);
  }
  return fileSource(trace.name);
}

/** A file source named `name`, made printable and short enough (the name is for display only). */
function fileSource(name: string): ScenarioSource {
  let clean = '';
  for (const ch of name) clean += hasControlCharacters(ch) ? '\uFFFD' : ch;
  clean = clean.slice(0, MAX_NAME_CHARS).toWellFormed();
  return clean.length > 0 ? { kind: 'file', name: clean } : CLICKS;
}

/** `view` within the format's bounds for a heap of `heapSize` bytes (the strip clamps more, to its width). */
function viewWithin(view: StripView | null, heapSize: number): StripView {
  if (view === null) return DEFAULTS.view;
  const zoom = Number.isFinite(view.zoom) ? Math.min(MAX_ZOOM, Math.max(1, view.zoom)) : 1;
  const scroll = Number.isFinite(view.scroll) ? Math.min(heapSize, Math.max(0, view.scroll)) : 0;
  return { zoom, scroll };
}

/**
 * The page's scenario: `ops` are the timeline's operations (copied: the
 * scenario owns its own, numbered 1.. as a click session's lines), `view`
 * the strip's (null before the strip is mounted: the default view). Bounded
 * by a file's limits, not a link's: a scenario too large for a link is still
 * a scenario (it goes to a file). An error means the page's state broke an
 * invariant. O(ops + highest id).
 */
export function scenarioOfPage(state: PageScenarioState, ops: OpList, view: StripView | null): RestoreResult {
  const result = restoreScenario(
    {
      version: SCENARIO_VERSION,
      strategy: state.strategy,
      heapSize: state.heapSize,
      source: sourceOfTrace(state.trace),
      ops,
      step: state.step,
      selected: state.selected,
      view: viewWithin(view, state.heapSize),
    },
    { limits: FILE_LIMITS, origin: 'file' },
  );
  if (result.ok) {
    const line = result.scenario.ops.line;
    for (let i = 0; i < result.scenario.ops.length; i++) line[i] = i + 1;
  }
  return result;
}

/** The name a scenario's `.json` file is offered under: what it holds, no date (one scenario, one name). O(1). */
export function scenarioFileName(s: { readonly strategy: string; readonly step: number; readonly ops: { readonly length: number } }): string {
  return `lululucator-${s.strategy}-step-${s.step}-of-${s.ops.length}.json`;
}
