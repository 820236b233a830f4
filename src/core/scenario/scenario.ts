import { MAX_HEAP_BYTES } from '../heap-memory.ts';
import type { StrategyName } from '../strategy.ts';
import { OpList } from '../trace/op-list.ts';
import { ABSURD_SIZE } from '../trace/trace-parser.ts';

/**
 * A scenario: everything needed to reopen the explorer on the same heap, step
 * and selection, byte for byte. It is what a share link and a `.json`
 * scenario file carry, and what the one restore step (restore.ts) hands back.
 *
 * Invariants of a restored scenario (restore.ts checks them all):
 * - `heapSize` is a multiple of 8 from {@link MIN_HEAP_BYTES} to MAX_HEAP_BYTES;
 * - `ops` is a valid program by the `.rep` reader's rules (alloc of an id that
 *   is not live; free / realloc of a live id), ids below the limit, sizes
 *   whole numbers below 2^48, a free's size 0; `ops` is the scenario's own,
 *   trimmed copy (OpList.trimmed: no spare capacity);
 * - `0 <= step <= ops.length`;
 * - a selected id is live after `step` operations; a selected offset is inside the heap;
 * - `view.zoom` in [1, MAX_ZOOM], `view.scroll` in [0, heapSize], no -0.
 *
 * The v1 format's constants (field names, kind letters, defaults, the binary
 * layout of payload.ts) never change: a change makes version 2 and a
 * migration from 1 (restore.ts).
 */

/** The version this code writes. */
export const SCENARIO_VERSION = 1;

/** The smallest heap the engine accepts (HeapMemory.create). */
export const MIN_HEAP_BYTES = 64;

/** The most the strip zooms: the largest heap, one byte across the strip. */
export const MAX_ZOOM = MAX_HEAP_BYTES;

/** The largest request size an operation may carry (every trace reader's bound, 2^48 - 1). */
export const MAX_OP_SIZE = ABSURD_SIZE - 1;

/** The `type` field that marks a `.json` file as a scenario. */
export const SCENARIO_FILE_TYPE = 'lululucator-scenario';

/** Characters in a sample or file name. */
export const MAX_NAME_CHARS = 255;

/** Whether `text` holds a control character (C0, DEL, C1): a name is shown as one line of text. O(text). */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/**
 * Whether `name` can name a shipped sample: a plain file name (letters,
 * digits, `.`, `_`, `-`; no path), so that a page may fetch it safely. O(name).
 */
export function isSampleName(name: string): boolean {
  return name.length <= MAX_NAME_CHARS && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name);
}

/**
 * Where the operations came from.
 * - `clicks`: made on the page.
 * - `sample`: exactly the operations of a trace the app ships, named by its
 *   file name; a link then carries the name instead of the operations. The
 *   page switches the source to `clicks` as soon as a click changes them.
 * - `file`: a trace the user loaded; `name` is its file name, for display only.
 */
export type ScenarioSource =
  | { readonly kind: 'clicks' }
  | { readonly kind: 'sample'; readonly name: string }
  | { readonly kind: 'file'; readonly name: string };

/**
 * The selected block. An allocated block by its id: ids are stable across
 * strategies and heap sizes (switching strategy moves every offset), so the
 * same block stays selected when the shared scenario is replayed elsewhere.
 * A free block has no id: it is named by its offset, which means something
 * only for this strategy, heap size and step (all three are in the scenario).
 */
export type Selection = { readonly id: number } | { readonly offset: number };

/**
 * The strip's view, independent of the window's width: `zoom` is the scale
 * (1 = the whole heap fits the strip, 2 = half of it), `scroll` the heap
 * offset in bytes at the strip's left edge.
 */
export interface StripView {
  readonly zoom: number;
  readonly scroll: number;
}

export interface Scenario {
  /** The format version: always {@link SCENARIO_VERSION} once restored (older ones are migrated). */
  readonly version: typeof SCENARIO_VERSION;
  /** The allocation strategy (ALLOCATOR.md names). */
  readonly strategy: StrategyName;
  /** Bytes the allocator may use. */
  readonly heapSize: number;
  /** Where the operations came from. */
  readonly source: ScenarioSource;
  /** The operations, in columns; `line` holds the 1-based operation number or the file line. */
  readonly ops: OpList;
  /** The timeline's position: the heap after the first `step` operations. */
  readonly step: number;
  /** The selected block, or null. */
  readonly selected: Selection | null;
  /** The strip's zoom and scroll. */
  readonly view: StripView;
}

/**
 * The defaults restore fills in for a missing field. Part of the v1 format:
 * a file that leaves a field out means these values forever (links always
 * carry every field).
 */
export const DEFAULTS = Object.freeze({
  strategy: 'lululucator' as StrategyName,
  /** 64 KiB: a heap small enough that a click's block is visible on the strip. */
  heapSize: 65_536,
  source: Object.freeze({ kind: 'clicks' }) as ScenarioSource,
  selected: null as Selection | null,
  view: Object.freeze({ zoom: 1, scroll: 0 }) as StripView,
});
// The step has no constant default: it is the number of operations (the heap after all of them).

/** The scenario the page opens on: empty heap, defaults everywhere. O(1). */
export function defaultScenario(): Scenario {
  return {
    version: SCENARIO_VERSION,
    strategy: DEFAULTS.strategy,
    heapSize: DEFAULTS.heapSize,
    source: DEFAULTS.source,
    ops: new OpList(1),
    step: 0,
    selected: null,
    view: DEFAULTS.view,
  };
}
