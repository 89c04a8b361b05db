/**
 * Remembers the main area's layout (stores/layout.ts) and brings it back once the session list
 * has loaded, so tabs of removed sessions can be left out.
 *
 * Two copies: the window's own (sessionStorage, survives a reload of this window or web tab)
 * and the last one any window wrote (localStorage, for an app restart or the web UI opened
 * anew). A reload prefers its own, so two windows each come back to what they showed. Both are
 * per origin: per Electron profile, per server address in web mode. The renderer does not know
 * the app's data directory, so the key is fixed; a layout written against another data
 * directory only brings back folder tabs, its sessions are not in this list. Storage that
 * cannot be used (disabled, full) only means nothing is remembered.
 */
import { useSessionViews } from './session-views';
import { type LayoutState, parseLayout, restoreLayout, snapshotLayout } from './layout';
import { useSessions } from './sessions';
import { useTerminals } from './terminals';
import { useUi } from './ui';

export const LAYOUT_KEY = 'ccr.layout';

/** The part of the Web Storage API used here (also what the tests hand in). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LayoutStorage {
  /** This window's copy. */
  window: () => KeyValueStore;
  /** The copy shared by every window of this app. */
  shared: () => KeyValueStore;
}

function read(store: () => KeyValueStore): string | null {
  try {
    return store().getItem(LAYOUT_KEY);
  } catch {
    return null;
  }
}

function write(store: () => KeyValueStore, value: string): void {
  try {
    store().setItem(LAYOUT_KEY, value);
  } catch {
    // Quota or disabled storage: the layout is just not remembered.
  }
}

function current(): LayoutState {
  const { tabs, activeTab } = useUi.getState();
  return {
    tabs,
    activeTab,
    views: useSessionViews.getState().views,
    terminals: useTerminals.getState().active,
  };
}

/** Restores when the sessions are known, then saves every change. Returns the unsubscriber. */
export function wireLayout(storage: LayoutStorage): () => void {
  const saved = parseLayout(read(storage.window)) ?? parseLayout(read(storage.shared));
  const offs: (() => void)[] = [];
  let last = '';
  const save = () => {
    const text = JSON.stringify(snapshotLayout(current()));
    if (text === last) return;
    last = text;
    write(storage.window, text);
    write(storage.shared, text);
  };
  const restore = () => {
    if (saved) {
      const next = restoreLayout(saved, useSessions.getState().sessions, current());
      useUi.setState({ tabs: next.tabs, activeTab: next.activeTab });
      useSessionViews.setState({ views: next.views });
      useTerminals.setState({ active: next.terminals });
    }
    // Saving starts only now: the empty layout before the restore must not overwrite it.
    save();
    offs.push(useUi.subscribe(save), useSessionViews.subscribe(save), useTerminals.subscribe(save));
  };
  if (useSessions.getState().loaded) restore();
  else {
    // A failed list leaves `loaded` false: nothing is restored or saved until one succeeds.
    const off = useSessions.subscribe((s) => {
      if (!s.loaded) return;
      off();
      restore();
    });
    offs.push(off);
  }
  return () => offs.forEach((off) => off());
}
