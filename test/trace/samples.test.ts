import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInChunks } from './support.ts';

const SAMPLES = join(import.meta.dirname, '../../public/traces');

interface Sample {
  readonly file: string;
  readonly title: string;
  readonly format: string;
  readonly ops: number;
  readonly description: string;
}

const index = JSON.parse(readFileSync(join(SAMPLES, 'index.json'), 'utf8')) as Sample[];

describe('the sample traces the page offers', () => {
  it('are each listed once in index.json and described in the README', () => {
    const files = readdirSync(SAMPLES).filter((f) => f !== 'index.json' && f !== 'README.md');
    expect(index.map((s) => s.file).sort()).toEqual(files.sort());
    const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
    for (const s of index) {
      expect(readme).toContain(`\`${s.file}\`: \`npm run -s cli -- record`);
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(0);
    }
  });

  it.each(index.map((s) => [s.file, s] as const))('%s is small, reads without warnings, and holds the operations index.json says', (file, sample) => {
    const path = join(SAMPLES, file);
    expect(statSync(path).size).toBeLessThan(1024 * 1024);
    const trace = readInChunks(readFileSync(path), file);
    expect(trace.format).toBe(sample.format);
    expect(trace.ops.length).toBe(sample.ops);
    expect(trace.warnings).toEqual([]);
  });
});
