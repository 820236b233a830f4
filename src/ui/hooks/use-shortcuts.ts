import { useEffect } from 'react';
import { useServices } from '../store/use-app.ts';

/** The keys, for the shortcuts dialog (the handler below is the truth). */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['a', 'allocate the size in the size field'],
  ['Delete / Backspace', 'free the selected block'],
  ['r', 'realloc the selected block to the size'],
  ['← / → (or , / .)', 'step the timeline back / forward'],
  ['space', 'play / pause the timeline'],
  ['↑ / ↓', 'select the previous / next block'],
  ['Home / End', 'select the first / last block'],
  ['Escape', 'clear the selection, close this'],
  ['+ / -', 'zoom in / out'],
  ['0 / u', 'show the whole heap / the memory handed out'],
  ['h', 'offsets in hex or decimal'],
  ['?', 'show these shortcuts'],
];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA';
}

/** The page's keyboard shortcuts, on the whole window (not while typing in a field). */
export function useShortcuts(): void {
  const services = useServices();
  useEffect(() => {
    const { store } = services;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const s = store.getState();
      if (event.key === 'Escape') {
        if (s.shortcutsOpen) s.setShortcutsOpen(false);
        else s.select(null);
        return;
      }
      if (typingIn(event.target)) return;
      const handled = (() => {
        switch (event.key) {
          case 'a':
            if (s.status === 'ready') void s.alloc();
            return true;
          case 'Delete':
          case 'Backspace':
            if (s.status === 'ready') void s.free();
            return true;
          case 'r':
            if (s.status === 'ready') void s.realloc();
            return true;
          case 'ArrowLeft':
          case ',':
            if (s.status === 'ready') void s.stepBy(-1);
            return true;
          case 'ArrowRight':
          case '.':
            if (s.status === 'ready') void s.stepBy(1);
            return true;
          case ' ':
            if (s.playing) s.pause();
            else s.play();
            return true;
          case 'ArrowUp':
            s.moveSelection(-1);
            return true;
          case 'ArrowDown':
            s.moveSelection(1);
            return true;
          case 'Home':
            s.moveSelection('first');
            return true;
          case 'End':
            s.moveSelection('last');
            return true;
          case '+':
          case '=':
            services.strip.current?.zoomBy(2);
            return true;
          case '-':
            services.strip.current?.zoomBy(0.5);
            return true;
          case '0':
            services.strip.current?.showAll();
            return true;
          case 'u':
            services.strip.current?.showUsed();
            return true;
          case 'h':
            s.toggleRadix();
            return true;
          case '?':
            s.setShortcutsOpen(!s.shortcutsOpen);
            return true;
          default:
            return false;
        }
      })();
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [services]);
}
