import { useFileDrop } from '../hooks/use-file-drop.ts';
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
import { TimelineBar } from './TimelineBar.tsx';
import { TopBar } from './TopBar.tsx';

/** The explorer: the title bar, the operations, the timeline, the strip, then blocks | inspector + free list | metrics + log. */
export function App() {
  useShortcuts();
  const dropping = useFileDrop();
  return (
    <div className="app">
      <TopBar />
      <AllocControls />
      <MessageBar />
      <TimelineBar />
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
      {dropping && (
        <div className="drop-overlay" aria-hidden="true">
          drop a trace (.rep, valgrind, ltrace) or a scenario (.json) to load it
        </div>
      )}
    </div>
  );
}
