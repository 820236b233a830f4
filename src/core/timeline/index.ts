/** The timeline: scrubbing a trace through checkpoints, the metrics over time, clicks on top of a trace. */
export * from './sparse-image.ts';
export * from './heap-snapshot.ts';
export * from './live-table-snapshot.ts';
export * from './checkpoints.ts';
export * from './metric-series.ts';
export * from './timeline.ts';
