import { readTraceText } from '../../core/trace/read-trace.ts';
import type { OpList } from '../../core/trace/op-list.ts';
import { TraceError } from '../../core/trace/trace-error.ts';

/**
 * The operations that loading the shipped sample `name` gives (its default
 * process): what a link that names a sample stands for, so that the link is
 * checked (step, selection) before anything is loaded. `name` has passed
 * isSampleName (no path). Null when the page has no such sample (not found,
 * or not a trace: a server may answer an unknown path with the page
 * itself); throws when the sample could not be fetched at all (offline).
 * O(sample bytes), on the page's thread: the samples are small.
 */
export async function fetchSampleOps(name: string): Promise<OpList | null> {
  let response: Response;
  try {
    response = await fetch(`traces/${encodeURIComponent(name)}`);
  } catch (e) {
    throw new Error(`the sample ${JSON.stringify(name)} could not be fetched (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  if (response.status === 404 || response.status === 410) return null;
  if (!response.ok) throw new Error(`the sample ${JSON.stringify(name)} could not be fetched (HTTP ${response.status})`);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    const trace = readTraceText(bytes, name);
    return trace.format === 'scenario' ? null : trace.ops;
  } catch (e) {
    if (e instanceof TraceError) return null;
    throw e;
  }
}
