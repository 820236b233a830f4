import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/components/App.tsx';
import { installDebugHandle } from './ui/debug-handle.ts';
import { HeapConnection, spawnHeapWorker } from './ui/heap/heap-connection.ts';
import { shareLinksFor } from './ui/share/share-links.ts';
import { StripSlot } from './ui/strip/strip-slot.ts';
import { afterPaintView } from './ui/store/after-paint-view.ts';
import { createAppStore, type AppStore } from './ui/store/app-store.ts';
import { ServicesContext, type AppServices } from './ui/store/use-app.ts';
import './ui/styles/app.css';

/** The page's entry: the heap worker's connection, the store, the React tree. */
let store: AppStore | null = null;
const connection = new HeapConnection(spawnHeapWorker, {
  onDeath: (reason) => store?.getState().workerDied(reason),
  onTimeline: () => store?.getState().timelineChanged(),
  onProgress: (progress) => store?.getState().loadProgressed(progress),
});
store = createAppStore(connection);
const services: AppServices = { store, painted: afterPaintView(store), connection, strip: new StripSlot() };
installDebugHandle(services);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);

// The first heap, then the address's share link (#s=...), if any.
void store.getState().start().then(() => shareLinksFor(services).start());
