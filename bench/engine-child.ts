import { runStrategyTask, type StrategyTask } from './engine-run.ts';

/**
 * A benchmark worker process (forked by engine.ts with --jobs > 1): it runs
 * one strategy task per message and answers with the rows; it keeps the
 * traces it parsed for the next task. It exits when its parent disconnects.
 */
process.on('message', (task: StrategyTask) => {
  const rows = runStrategyTask(task);
  process.send!({ strategy: task.strategy, rows });
});
process.on('disconnect', () => process.exit(0));
