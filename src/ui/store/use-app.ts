import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { HeapConnection } from '../heap/heap-connection.ts';
import type { StripSlot } from '../strip/strip-slot.ts';
import type { AppState } from './app-state.ts';
import type { AppStore } from './app-store.ts';
import type { ReadableStore } from './after-paint-view.ts';

/** What the components reach: the store, the heap connection, and the strip once it is mounted. */
export interface AppServices {
  readonly store: AppStore;
  /** The store as of the last painted frame (after-paint-view.ts). */
  readonly painted: ReadableStore<AppState>;
  readonly connection: HeapConnection;
  readonly strip: StripSlot;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

/** A narrow slice of the store; the component re-renders only when it changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

/**
 * A slice of the store as of the last painted frame: for the panels that
 * follow the timeline one frame behind the strip and the step.
 */
export function usePaintedApp<T>(selector: (state: AppState) => T): T {
  const { painted } = useServices();
  return useSyncExternalStore(painted.subscribe, () => selector(painted.getState()));
}
