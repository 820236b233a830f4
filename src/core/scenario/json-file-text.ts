import { compactOpText } from './compact-ops.ts';
import { SCENARIO_FILE_TYPE, type Scenario } from './scenario.ts';

/** A scenario as the text of its `.json` file (the layout json-file.ts describes). */
/** O(ops). */
export function encodeScenarioFile(s: Scenario): string {
  const lines = [
    '{',
    `  "type": ${JSON.stringify(SCENARIO_FILE_TYPE)},`,
    `  "version": ${s.version},`,
    `  "strategy": ${JSON.stringify(s.strategy)},`,
    `  "heapSize": ${s.heapSize},`,
    `  "source": ${JSON.stringify(s.source.kind === 'clicks' ? { kind: 'clicks' } : { kind: s.source.kind, name: s.source.name })},`,
    `  "step": ${s.step},`,
    `  "selected": ${JSON.stringify(s.selected === null ? null : 'id' in s.selected ? { id: s.selected.id } : { offset: s.selected.offset })},`,
    `  "view": ${JSON.stringify({ zoom: s.view.zoom, scroll: s.view.scroll })},`,
  ];
  const n = s.ops.length;
  if (n === 0) {
    lines.push('  "ops": []');
  } else {
    lines.push('  "ops": [');
    for (let i = 0; i < n; i++) lines.push(`    ${compactOpText(s.ops, i)}${i + 1 < n ? ',' : ''}`);
    lines.push('  ]');
  }
  lines.push('}', '');
  return lines.join('\n');
}
