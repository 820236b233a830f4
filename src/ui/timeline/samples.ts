/** A sample trace shipped in public/traces/ (its index.json entry). */
export interface SampleTrace {
  readonly file: string;
  readonly title: string;
  readonly format: string;
  readonly ops: number;
  readonly description: string;
}

/** The shipped samples' index, checked field by field (a bad entry is left out). */
export async function fetchSamples(): Promise<SampleTrace[]> {
  const response = await fetch('traces/index.json');
  if (!response.ok) throw new Error(`the sample list could not be fetched (HTTP ${response.status})`);
  const raw: unknown = await response.json();
  if (!Array.isArray(raw)) throw new Error('the sample list is not a list');
  return raw.filter(isSample);
}

function isSample(x: unknown): x is SampleTrace {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.file === 'string' && typeof o.title === 'string' && typeof o.format === 'string' && typeof o.ops === 'number' && typeof o.description === 'string';
}
