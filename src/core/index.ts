/** The allocator engine: strategies over a real byte heap, the driver that calls them, traces and replay. */
export * from './heap-memory.ts';
export * from './events.ts';
export * from './failure.ts';
export * from './strategy.ts';
export * from './live-table.ts';
export * from './block-layout.ts';
export * from './driver.ts';
export * from './metrics.ts';
export * from './replay.ts';
export { createStrategy } from './strategies/registry.ts';
export * from './trace/op-list.ts';
export * from './trace/trace.ts';
export * from './trace/trace-error.ts';
export * from './trace/read-trace.ts';
export * from './timeline/index.ts';
export * from './scenario/index.ts';
