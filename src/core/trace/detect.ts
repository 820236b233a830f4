import type { TraceFormat } from './trace.ts';

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
    return null;
  }
  return null;
}
