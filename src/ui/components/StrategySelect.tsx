import { STRATEGY_NAMES, isStrategyName } from '../../core/strategy.ts';
import { STRATEGY_BLURBS } from '../heap/strategy-blurbs.ts';
import { useApp } from '../store/use-app.ts';

/** The strategy picker: a new, empty heap of the chosen strategy. */
export function StrategySelect() {
  const strategy = useApp((s) => s.strategy);
  const setStrategy = useApp((s) => s.setStrategy);
  return (
    <label className="field" title={STRATEGY_BLURBS[strategy]}>
      <span className="field-label">Strategy</span>
      <select
        data-testid="strategy"
        value={strategy}
        onChange={(e) => {
          if (isStrategyName(e.target.value)) void setStrategy(e.target.value);
        }}
      >
        {STRATEGY_NAMES.map((name) => (
          <option key={name} value={name} title={STRATEGY_BLURBS[name]}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
