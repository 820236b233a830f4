/** Scenarios: what a share link and a `.json` scenario file carry, and the one restore step every load goes through. */
export * from './scenario.ts';
export * from './limits.ts';
export { restoreScenario, newerVersionMessage, MIGRATIONS, SCENARIO_FIELDS, type RestoreResult, type RestoreOptions, type RawScenario, type Migration } from './restore.ts';
export { encodeLink, decodeLink, shareScenario, LINK_KEY, type ShareOutcome, type DecodeLinkOptions } from './link.ts';
export { encodeScenarioFile, decodeScenarioFile } from './json-file.ts';
export { ScenarioParser, isScenarioTrace, type ScenarioTrace } from './scenario-parser.ts';
