import { scaleLinear } from 'd3-scale';
import type { MetricsPoint } from '../store/app-state.ts';
import { useApp } from '../store/use-app.ts';
import { LIST_COLORS } from '../theme/palette.ts';

const WIDTH = 300;
const HEIGHT = 64;
/** Most points drawn; longer histories are sampled evenly. */
const MAX_POINTS = 600;

const SERIES = [
  { key: 'utilization', label: 'utilization', color: LIST_COLORS[0] },
  { key: 'externalFragmentation', label: 'ext. frag.', color: LIST_COLORS[1] },
  { key: 'internalFragmentation', label: 'int. frag.', color: LIST_COLORS[2] },
] as const;

/** An SVG path through the points (a polyline). O(points). */
function polyline(points: readonly MetricsPoint[], x: (step: number) => number, y: (value: number) => number, key: (typeof SERIES)[number]['key']): string {
  let d = '';
  for (let i = 0; i < points.length; i++) d += `${i === 0 ? 'M' : 'L'}${x(points[i].step).toFixed(1)},${y(points[i][key]).toFixed(1)}`;
  return d;
}

function sample(points: readonly MetricsPoint[]): readonly MetricsPoint[] {
  if (points.length <= MAX_POINTS) return points;
  const out: MetricsPoint[] = [];
  for (let i = 0; i < MAX_POINTS; i++) out.push(points[Math.round((i * (points.length - 1)) / (MAX_POINTS - 1))]);
  return out;
}

/** Utilization and fragmentation over the operations so far (0 to 100%). */
export function MetricsChart() {
  const history = useApp((s) => s.history);
  const points = sample(history);
  const last = points.length > 0 ? points[points.length - 1].step : 1;
  const x = scaleLinear().domain([0, Math.max(1, last)]).range([2, WIDTH - 2]);
  const y = scaleLinear().domain([0, 1]).range([HEIGHT - 2, 2]);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label="utilization and fragmentation over the operations">
        {[0.25, 0.5, 0.75].map((t) => (
          <line key={t} x1={0} x2={WIDTH} y1={y(t)} y2={y(t)} className="chart-grid" />
        ))}
        {points.length > 1 &&
          SERIES.map((s, i) => (
            <path
              key={s.key}
              d={polyline(points, x, y, s.key)}
              fill="none"
              stroke={s.color}
              strokeWidth={1.5}
              strokeDasharray={i === 2 ? '3 2' : undefined}
              vectorEffect="non-scaling-stroke"
            />
          ))}
      </svg>
      <figcaption>
        {SERIES.map((s, i) => (
          <span key={s.key}>
            <i style={{ borderColor: s.color, borderTopStyle: i === 2 ? 'dashed' : 'solid' }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
