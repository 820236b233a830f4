import { formatBytes, formatPercent } from '../format/offsets.ts';
import { usePaintedApp } from '../store/use-app.ts';
import { MetricsChart } from './MetricsChart.tsx';
import { Panel } from './Panel.tsx';

/** ALLOCATOR.md's measures at the current step, and how they go over the whole timeline. */
export function MetricsPanel() {
  // As of the last painted frame: the measures follow a step one frame after the strip shows it.
  const metrics = usePaintedApp((s) => s.metrics);
  const steps = usePaintedApp((s) => s.step);
  const m = metrics;
  const card = (testId: string, label: string, value: number, text: string, title: string) => (
    <div className="metric" data-testid={testId} data-value={value} title={title}>
      <span className="metric-label">{label}</span>
      <span className="metric-value">{text}</span>
    </div>
  );
  return (
    <Panel title="Metrics" extra={<span className="panel-count">after {steps} op{steps === 1 ? '' : 's'}</span>} className="metrics-panel">
      <div className="metrics">
        {card('metric-payload', 'payload', m?.payload ?? 0, formatBytes(m?.payload ?? 0), 'bytes requested by live allocations')}
        {card('metric-footprint', 'footprint', m?.footprint ?? 0, formatBytes(m?.footprint ?? 0), 'high-water mark of the memory handed out (or of the break)')}
        {card('metric-utilization', 'utilization', m?.utilization ?? 0, formatPercent(m?.utilization ?? 0), 'peak payload / footprint')}
        {card('metric-fragmentation', 'ext. frag.', m?.externalFragmentation ?? 0, formatPercent(m?.externalFragmentation ?? 0), '1 - largest free block / free bytes below the footprint')}
        {card('metric-internal-fragmentation', 'int. frag.', m?.internalFragmentation ?? 0, formatPercent(m?.internalFragmentation ?? 0), 'bytes handed out but not requested / bytes handed out')}
        {card('metric-free-blocks', 'free blocks', m?.freeBlocks ?? 0, String(m?.freeBlocks ?? 0), 'free-list length: free blocks below the footprint')}
      </div>
      <MetricsChart />
    </Panel>
  );
}
