import { encodeScenarioFile } from '../../core/scenario/json-file-text.ts';
import type { RestoreResult } from '../../core/scenario/restore.ts';
import { DEFAULTS, type Scenario } from '../../core/scenario/scenario.ts';
import type { AppServices } from '../store/use-app.ts';
import { openScenario } from './open-scenario.ts';
import { scenarioFileName, scenarioOfPage } from './page-scenario.ts';
import { chooseShare } from './share-outcome.ts';
import { StripViewRestorer } from './strip-view.ts';

/**
 * Share links on the page: `share` writes the page's scenario into the
 * address bar (`#s=...`, replacing the current history entry: sharing is
 * not a navigation, and sharing twice gives the same link) and the
 * clipboard, or offers a `.json` file when the scenario is too large. A
 * page opened on a `#s=` link restores it; a bad link is a role="alert"
 * message and the page stays on its defaults.
 *
 * History: every entry the page sees gets an id in `history.state`. Leaving
 * an entry (a new link pasted in the address bar, back, forward) keeps a
 * snapshot of the page's scenario for it, in memory; arriving at an entry
 * restores its snapshot, else its link, else the defaults. So back after
 * opening a link shows the page as it was before, clicks included, and
 * forward shows the link's page as it was left.
 *
 * Invariants: one navigation is handled at a time, in order (a queue);
 * snapshots hold at most SNAPSHOT_OPS operations in all.
 */

export type ShareResult =
  | { readonly kind: 'link'; readonly url: string; readonly copied: boolean }
  | { readonly kind: 'file'; readonly message: string; readonly fileName: string; readonly text: () => string }
  | { readonly kind: 'error'; readonly message: string };

/** Operations kept in history snapshots, in all (17 bytes each: 34 MB). */
const SNAPSHOT_OPS = 2_000_000;

/** The key of the entry id in `history.state`. */
const ENTRY_KEY = 'luluEntry';

/** Whether a fragment is meant as a scenario link (decodeLink says whether it is a good one). */
export function isLinkFragment(hash: string): boolean {
  return hash.startsWith('#s=');
}

export class ShareLinks {
  private entry = '';
  private readonly snapshots = new Map<string, Scenario>();
  private snapshotOps = 0;
  private queue: Promise<void> = Promise.resolve();
  private started = false;
  private readonly view: StripViewRestorer;
  private noticeText: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly services: AppServices) {
    this.view = new StripViewRestorer(services);
  }

  /**
   * Starts after the store's first heap: follows the history, shows the
   * view of every scenario file the store loads, and opens the address's
   * link, if any. Resolves when that link is open (or refused).
   */
  start(): Promise<void> {
    if (this.started) return this.queue;
    this.started = true;
    this.services.store.subscribe((state, previous) => {
      const restored = state.trace?.scenario;
      if (restored && restored !== previous.trace?.scenario) this.view.apply(restored.view, state.heapSize);
    });
    this.entry = this.entryId();
    window.addEventListener('popstate', this.onNavigate);
    window.addEventListener('hashchange', this.onNavigate);
    const hash = location.hash;
    if (isLinkFragment(hash)) this.enqueue(() => this.openLink(hash));
    return this.queue;
  }

  /** The page's scenario now (through the restore step). O(ops). */
  scenarioNow(): RestoreResult {
    const { store, connection, strip } = this.services;
    return scenarioOfPage(store.getState(), connection.mirror.ops, strip.current?.currentView() ?? null);
  }

  /** Writes the page's link into the address bar and the clipboard, or says why it must be a file. O(ops). */
  async share(): Promise<ShareResult> {
    const restored = this.scenarioNow();
    if (!restored.ok) return { kind: 'error', message: `this page cannot be shared: ${restored.error}` };
    const s = restored.scenario;
    const choice = await chooseShare(s);
    if (choice.kind === 'file') return { kind: 'file', message: choice.message, fileName: scenarioFileName(s), text: () => encodeScenarioFile(s) };
    const url = new URL(location.href);
    url.hash = choice.fragment;
    if (url.href !== location.href) history.replaceState(history.state, '', url.href);
    return { kind: 'link', url: url.href, copied: await copyText(url.href) };
  }

  /** What opening the last link had to say besides an error (a dropped selection), or null. */
  readonly notice = (): string | null => this.noticeText;

  readonly subscribeNotice = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setNotice(text: string | null): void {
    this.noticeText = text;
    for (const listener of this.listeners) listener();
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work, work);
  }

  /** Back, forward, or a new fragment typed in: see the module comment. */
  private readonly onNavigate = () => {
    const arriving = this.entryId();
    // popstate and hashchange both come for one fragment navigation.
    if (arriving === this.entry) return;
    const leaving = this.entry;
    this.entry = arriving;
    const hash = location.hash;
    this.enqueue(async () => {
      this.remember(leaving);
      const saved = this.snapshots.get(arriving);
      if (saved) await this.open(saved, 'the page before');
      else if (isLinkFragment(hash)) await this.openLink(hash);
      else await this.openDefaults();
    });
  };

  private async openLink(fragment: string): Promise<void> {
    const { store } = this.services;
    let result: RestoreResult;
    try {
      // Decoding (and reading a sample's trace) is loaded only when a link is opened: most visits have none.
      const [{ decodeLink }, { fetchSampleOps }] = await Promise.all([import('../../core/scenario/link.ts'), import('./sample-ops.ts')]);
      result = await decodeLink(fragment, { loadSample: fetchSampleOps });
    } catch (e) {
      store.getState().showAlert(`this link could not be opened: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!result.ok) {
      this.setNotice(null);
      store.getState().showAlert(result.error);
      return;
    }
    const opened = await this.open(result.scenario, 'shared link');
    this.setNotice(opened && result.warnings.length > 0 ? `link opened, but ${result.warnings.join('; ')}` : null);
  }

  /** Opens `s` (its strategy, heap, operations, step and selection), then its view. */
  private async open(s: Scenario, label: string): Promise<boolean> {
    this.view.cancel();
    const opened = await openScenario(this.services.store, s, s.source.kind === 'file' ? s.source.name : label);
    if (opened) this.view.apply(s.view, this.services.store.getState().heapSize);
    return opened;
  }

  /** The page as a fresh visit shows it: an empty heap of the default strategy and size. */
  private async openDefaults(): Promise<void> {
    const { store } = this.services;
    this.view.cancel();
    store.setState({ strategy: DEFAULTS.strategy, heapSize: DEFAULTS.heapSize });
    await store.getState().start();
    this.view.apply(DEFAULTS.view, DEFAULTS.heapSize);
  }

  /** Keeps the page's scenario for history entry `entry`, dropping the oldest snapshots past the budget. O(ops). */
  private remember(entry: string): void {
    const state = this.services.store.getState();
    if (state.status !== 'ready' || state.loading !== null) return;
    const now = this.scenarioNow();
    if (!now.ok || now.scenario.ops.length > SNAPSHOT_OPS) return;
    this.forget(entry);
    this.snapshots.set(entry, now.scenario);
    this.snapshotOps += now.scenario.ops.length;
    for (const [oldest, s] of this.snapshots) {
      if (this.snapshotOps <= SNAPSHOT_OPS) break;
      this.snapshots.delete(oldest);
      this.snapshotOps -= s.ops.length;
    }
  }

  private forget(entry: string): void {
    const s = this.snapshots.get(entry);
    if (!s) return;
    this.snapshots.delete(entry);
    this.snapshotOps -= s.ops.length;
  }

  /** The current history entry's id, given to it now if it has none. */
  private entryId(): string {
    const state: unknown = history.state;
    const fields = typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : null;
    const id = fields?.[ENTRY_KEY];
    if (typeof id === 'string') return id;
    const fresh = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    history.replaceState({ ...fields, [ENTRY_KEY]: fresh }, '', location.href);
    return fresh;
  }
}

/** Copies `text` to the clipboard; false where the browser refuses (no permission, not a secure page). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (!('clipboard' in navigator)) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const instances = new WeakMap<AppServices, ShareLinks>();

/** The page's one ShareLinks (one per set of services). */
export function shareLinksFor(services: AppServices): ShareLinks {
  let links = instances.get(services);
  if (!links) {
    links = new ShareLinks(services);
    instances.set(services, links);
  }
  return links;
}
