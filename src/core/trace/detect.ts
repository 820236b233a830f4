import { looksLikeLtrace } from './ltrace.ts';
import type { TraceFormat } from './trace.ts';
import { looksLikeValgrind } from './valgrind.ts';

/** Lines the detector may look at before it must decide. */
export const DETECT_LINES = 64;

/**
 * Tells a trace's format from its first lines (not from its name). Returns
 * null while the lines seen do not decide it yet. O(lines seen).
 */
export function detectFormat(lines: readonly string[]): TraceFormat | null {
  for (const raw of lines) {
    const text = raw.trim();
    if (text.length === 0) continue;
    if (/^\d+$/.test(text)) return 'rep';
    // The app's own JSON scenario (src/core/scenario/json-file.ts).
    if (text.startsWith('{')) return 'scenario';
    if (looksLikeValgrind(text)) return 'valgrind';
    const ltrace = looksLikeLtrace(text);
    if (ltrace === 'call') return 'ltrace';
    // A signal or exit line opens ltrace output as well as it may close it: look further.
    if (ltrace === 'neutral') continue;
    return null;
  }
  return null;
}
