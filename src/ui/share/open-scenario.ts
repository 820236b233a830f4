import { encodeScenarioFile } from '../../core/scenario/json-file-text.ts';
import type { Scenario } from '../../core/scenario/scenario.ts';
import type { AppStore } from '../store/app-store.ts';

/**
 * Puts a restored scenario on the page, through the store's own loads, so
 * that a link, a history entry and a `.json` file take one path:
 * - operations of their own (clicks, a file): the scenario's `.json` text
 *   goes to the worker's load command, which reads it with the trace reader
 *   and the one restore step and replays it at the scenario's strategy,
 *   heap size and step; the store takes the selection from its reply;
 * - a shipped sample: the sample is loaded by name at the scenario's
 *   strategy and heap size (so that changing the strategy afterwards
 *   replays the sample, as after choosing it in the menu), then the page
 *   seeks to the step and selects.
 * The strip's view is the caller's (it needs the strip). Resolves true when
 * the scenario is on the page; false when a load failed (the store has said
 * why in its alert, and the page is as it was). O(ops).
 */
export async function openScenario(store: AppStore, s: Scenario, label: string): Promise<boolean> {
  if (s.source.kind === 'sample') return openSample(store, s, s.source.name);
  const bytes = new TextEncoder().encode(encodeScenarioFile(s));
  const before = store.getState().trace;
  // A fresh copy for every read: the load hands its buffer over to the worker.
  await store.getState().loadTrace(label, async () => bytes.slice().buffer);
  const after = store.getState().trace;
  return after !== before && after !== null && after.scenario !== null;
}

async function openSample(store: AppStore, s: Scenario, name: string): Promise<boolean> {
  const { strategy, heapSize, trace: before } = store.getState();
  // The load takes the store's strategy and heap size (a sample names neither).
  store.setState({ strategy: s.strategy, heapSize: s.heapSize });
  await store.getState().loadSample(name);
  const after = store.getState().trace;
  if (after === before || after === null || after.sample !== name) {
    // The heap was not replaced: the settings go back to the heap's.
    store.setState({ strategy, heapSize });
    return false;
  }
  await store.getState().seek(s.step);
  store.getState().select(s.selected);
  return true;
}
