import { readTraceText } from '../trace/read-trace.ts';
import { TraceError } from '../trace/trace-error.ts';
import type { RestoreResult } from './restore.ts';
export { encodeScenarioFile } from './json-file-text.ts';
import { isScenarioTrace } from './scenario-parser.ts';

/**
 * The `.json` scenario file: what `share` offers to download when a scenario
 * is too large for a link, and what `trace-file` loads back. Readable JSON,
 * versioned, in a fixed layout (so one scenario gives one file):
 *
 *   {
 *     "type": "lululucator-scenario",
 *     "version": 1,
 *     "strategy": "lululucator",
 *     "heapSize": 65536,
 *     "source": {"kind":"clicks"},
 *     "step": 2,
 *     "selected": {"id":1},
 *     "view": {"zoom":1,"scroll":0},
 *     "ops": [
 *       ["a", 0, 16],
 *       ["f", 0]
 *     ]
 *   }
 *
 * One operation a line keeps every line short (the trace reader refuses
 * lines past 64 KiB) and lets the reader stream the operations
 * (scenario-parser.ts). Loading goes through the trace reader, so a file
 * is detected by content and restored by the one restore step. Writing is in
 * json-file-text.ts (the page writes files without the trace reader).
 */

/**
 * The scenario in a file's text, read as the page's `trace-file` reads it
 * (the trace reader, then restore), or a `FILE:LINE: reason` message.
 * O(text).
 */
export function decodeScenarioFile(text: string | Uint8Array, file = 'scenario.json'): RestoreResult {
  try {
    const trace = readTraceText(text, file);
    if (!isScenarioTrace(trace)) return { ok: false, error: `${file}: not a scenario file but a ${trace.format} trace` };
    return { ok: true, scenario: trace.scenario, warnings: trace.warnings.map((w) => w.message) };
  } catch (e) {
    if (e instanceof TraceError) return { ok: false, error: e.message };
    throw e;
  }
}
