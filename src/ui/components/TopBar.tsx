import { STRATEGY_BLURBS } from '../heap/strategy-blurbs.ts';
import { ShareButton } from '../share/ShareButton.tsx';
import { useApp } from '../store/use-app.ts';
import { HeapSizeInput } from './HeapSizeInput.tsx';
import { RadixToggle } from './RadixToggle.tsx';
import { StrategySelect } from './StrategySelect.tsx';
import { WorkerStatus } from './WorkerStatus.tsx';

/** The title bar: what heap this is, and how the page runs. */
export function TopBar() {
  const strategy = useApp((s) => s.strategy);
  const openShortcuts = useApp((s) => s.setShortcutsOpen);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1>Lululucator</h1>
        <span className="brand-sub">heap explorer</span>
      </div>
      <StrategySelect />
      <HeapSizeInput />
      <span className="blurb">{STRATEGY_BLURBS[strategy]}</span>
      <div className="topbar-right">
        <ShareButton />
        <WorkerStatus />
        <RadixToggle />
        <button type="button" className="icon-button" aria-label="keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => openShortcuts(true)}>
          ?
        </button>
      </div>
    </header>
  );
}
