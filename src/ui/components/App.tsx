import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { AllocControls } from './AllocControls.tsx';
import { BlockList } from './BlockList.tsx';
import { EventLog } from './EventLog.tsx';
import { FreeList } from './FreeList.tsx';
import { Inspector } from './Inspector.tsx';
import { MessageBar } from './MessageBar.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { StripPanel } from './StripPanel.tsx';
import { TopBar } from './TopBar.tsx';

/** The explorer: the title bar, the operations, the strip, then blocks | inspector + free list | metrics + log. */
export function App() {
  useShortcuts();
  return (
    <div className="app">
      <TopBar />
      <AllocControls />
      <MessageBar />
      <StripPanel />
      <main className="lower">
        <BlockList />
        <div className="column">
          <Inspector />
          <FreeList />
        </div>
        <div className="column column-metrics">
          <MetricsPanel />
          <EventLog />
        </div>
      </main>
      <ShortcutsDialog />
    </div>
  );
}
