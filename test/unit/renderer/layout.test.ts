/**
 * The remembered layout, under Node: what a reload brings back (the same tabs in the same
 * order, the same active tab, each session's view and terminal), what it leaves out (sessions
 * removed since), and that a stored value which is not exactly ours (garbage, an old shape, a
 * hand edit, an oversized one) is ignored without breaking anything. The wiring is the app's:
 * nothing is restored before the session list has loaded (from a host that answers
 * listSessions as the contract says), and a change is saved to both copies.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../src/shared/contract';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { setApi } from '../../../src/renderer/src/api-context';
import { useSessionViews } from '../../../src/renderer/src/stores/session-views';
import {
  MAX_LAYOUT_CHARS,
  MAX_TABS,
  parseLayout,
  restoreLayout,
  snapshotLayout,
  type LayoutState,
} from '../../../src/renderer/src/stores/layout';
import {
  LAYOUT_KEY,
  type KeyValueStore,
  wireLayout,
} from '../../../src/renderer/src/stores/layout-persist';
import { useSessions } from '../../../src/renderer/src/stores/sessions';
import { folderTab, sessionTab } from '../../../src/renderer/src/stores/tabs';
import { useTerminals } from '../../../src/renderer/src/stores/terminals';
import { useUi } from '../../../src/renderer/src/stores/ui';

function session(id: string, patch: Partial<SessionInfo> = {}): SessionInfo {
  return {
    schemaVersion: 1,
    id,
    name: `name-${id}`,
    folder: '/home/u/projects/app',
    branch: `claude/${id}`,
    baseCommit: null,
    engine: { address: 'unix:///var/run/docker.sock', kind: 'docker' },
    containerId: `c-${id}`,
    containerName: `ccr-${id}`,
    image: 'img',
    containerUser: '',
    status: 'running',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...patch,
  };
}

const A = session('aaa111');
const B = session('bbb222', { status: 'stopped' });
const C = session('ccc333');
const byId = (...list: SessionInfo[]) => Object.fromEntries(list.map((s) => [s.id, s]));
const empty: LayoutState = { tabs: [], activeTab: null, views: {}, terminals: {} };

/** What the user had: two sessions (one reviewing, one on a shell) and a folder's start tab. */
const before: LayoutState = {
  tabs: [sessionTab(A), folderTab('/home/u/other'), sessionTab(B)],
  activeTab: sessionTab(B).id,
  views: { [A.id]: { kind: 'review' }, [B.id]: { kind: 'terminal' } },
  terminals: { [B.id]: 't-0123456789ab' },
};
const stored = () => JSON.stringify(snapshotLayout(before));

describe('the remembered layout', () => {
  it('comes back the same: tabs in order, the active one, views and terminals', () => {
    const saved = parseLayout(stored());
    expect(saved).not.toBeNull();
    expect(restoreLayout(saved!, byId(A, B, C), empty)).toEqual(before);
  });

  it('is small: ids, paths and choices only, no titles or terminal contents', () => {
    expect(stored().length).toBeLessThan(300);
    expect(stored()).not.toContain('name-');
  });

  it('leaves out removed sessions; an active one removed hands the focus to the last tab', () => {
    const saved = parseLayout(stored())!;
    const shown = restoreLayout(saved, byId(A), empty);
    expect(shown.tabs.map((t) => t.id)).toEqual([sessionTab(A).id, 'folder:/home/u/other']);
    expect(shown.activeTab).toBe('folder:/home/u/other');
    expect(shown.terminals).toEqual({});
    expect(restoreLayout(saved, {}, empty).tabs.map((t) => t.kind)).toEqual(['folder']);
  });

  it('keeps the tab of a session that no longer runs, titled as the session is now', () => {
    const renamed = { ...B, status: 'failed' as const, name: 'renamed' };
    const shown = restoreLayout(parseLayout(stored())!, byId(A, renamed), empty);
    expect(shown.tabs.find((t) => t.subject === B.id)?.title).toBe('app · renamed');
    expect(shown.activeTab).toBe(sessionTab(B).id);
  });

  it('puts tabs opened before the restore after the saved ones, and they keep the focus', () => {
    const opened: LayoutState = {
      tabs: [folderTab('/new'), folderTab('/home/u/other')],
      activeTab: 'folder:/new',
      views: { [A.id]: { kind: 'terminal' } },
      terminals: {},
    };
    const shown = restoreLayout(parseLayout(stored())!, byId(A, B), opened);
    expect(shown.tabs.map((t) => t.id)).toEqual([
      sessionTab(A).id,
      'folder:/home/u/other',
      sessionTab(B).id,
      'folder:/new',
    ]);
    expect(shown.activeTab).toBe('folder:/new');
    expect(shown.views[A.id]).toEqual({ kind: 'terminal' });
  });

  it('ignores garbage, old shapes and values that are not exactly its own', () => {
    const good = JSON.parse(stored()) as Record<string, unknown>;
    const tab0 = { kind: 'session', session: A.id };
    const bad: (string | null | undefined)[] = [
      null,
      undefined,
      '',
      '{',
      'null',
      '[]',
      '"layout"',
      '42',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, v: undefined }),
      // The shape of the ui store itself (what a naive persist would have written).
      JSON.stringify({ tabs: before.tabs, activeTab: before.activeTab }),
      JSON.stringify({ ...good, extra: true }),
      JSON.stringify({ ...good, tabs: 'x' }),
      JSON.stringify({ ...good, active: -1 }),
      JSON.stringify({ ...good, active: 0.5 }),
      JSON.stringify({ ...good, tabs: [{ ...tab0, session: '../../etc' }] }),
      JSON.stringify({ ...good, tabs: [{ ...tab0, session: 'ABC' }] }),
      JSON.stringify({ ...good, tabs: [{ ...tab0, terminal: 'bash; rm -rf ~' }] }),
      JSON.stringify({ ...good, tabs: [{ ...tab0, view: 'settings' }] }),
      JSON.stringify({ ...good, tabs: [{ ...tab0, title: '<img src=x onerror=alert(1)>' }] }),
      JSON.stringify({ ...good, tabs: [{ kind: 'folder', folder: '' }] }),
      JSON.stringify({ ...good, tabs: [{ kind: 'terminal', id: 't-0123456789ab' }] }),
      JSON.stringify({ ...good, tabs: Array(MAX_TABS + 1).fill(tab0) }),
      JSON.stringify({ ...good, pad: 'x'.repeat(MAX_LAYOUT_CHARS) }),
    ];
    for (const raw of bad) expect(parseLayout(raw), String(raw).slice(0, 80)).toBeNull();
  });

  it('drops an active index past the tabs, and duplicate tabs, instead of failing', () => {
    const saved = parseLayout(
      JSON.stringify({
        v: 1,
        tabs: [
          { kind: 'session', session: A.id },
          { kind: 'session', session: A.id, view: 'review' },
        ],
        active: 7,
      }),
    );
    expect(saved?.active).toBeNull();
    const shown = restoreLayout(saved!, byId(A), empty);
    expect(shown.tabs).toHaveLength(1);
    expect(shown.activeTab).toBeNull();
    // The active index on a duplicate means the tab it duplicates.
    const dup = restoreLayout({ ...saved!, active: 1 }, byId(A), empty);
    expect(dup.activeTab).toBe(sessionTab(A).id);
    expect(dup.views[A.id]).toEqual({ kind: 'review' });
  });
});

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

describe('remembering in the page', () => {
  let listed: SessionInfo[];
  let windowCopy: MemoryStore;
  let shared: MemoryStore;
  const offs: (() => void)[] = [];

  beforeEach(() => {
    offs.splice(0).forEach((off) => off());
    listed = [A, B];
    windowCopy = new MemoryStore();
    shared = new MemoryStore();
    useUi.setState({ tabs: [], activeTab: null });
    useSessions.setState({ sessions: {}, starts: {}, attention: {}, loaded: false });
    useSessionViews.setState({ views: {} });
    useTerminals.setState({ active: {}, bySession: {} });
    setApi({ listSessions: async () => ({ sessions: listed }) } as unknown as Api);
  });
  const wire = () => offs.push(wireLayout({ window: () => windowCopy, shared: () => shared }));
  const tabIds = () => useUi.getState().tabs.map((t) => t.id);

  it('restores once the sessions are listed, then saves each change to both copies', async () => {
    shared.setItem(LAYOUT_KEY, stored());
    wire();
    expect(tabIds()).toEqual([]); // the list is not there yet: nothing to check tabs against
    expect(shared.getItem(LAYOUT_KEY)).toBe(stored()); // and nothing overwritten
    await useSessions.getState().load();
    expect(tabIds()).toEqual(before.tabs.map((t) => t.id));
    expect(useUi.getState().activeTab).toBe(before.activeTab);
    expect(useSessionViews.getState().views[A.id]).toEqual({ kind: 'review' });
    expect(useTerminals.getState().active[B.id]).toBe('t-0123456789ab');

    useUi.getState().activate(sessionTab(A).id);
    useSessionViews.getState().show(A.id, { kind: 'terminal' });
    for (const copy of [windowCopy, shared]) {
      const saved = parseLayout(copy.getItem(LAYOUT_KEY))!;
      expect(saved.active).toBe(0);
      expect(saved.tabs[0]).toEqual({ kind: 'session', session: A.id, view: 'terminal' });
    }
  });

  it("prefers this window's own copy over the last one any window wrote", async () => {
    shared.setItem(LAYOUT_KEY, stored());
    windowCopy.setItem(
      LAYOUT_KEY,
      JSON.stringify({ v: 1, tabs: [{ kind: 'folder', folder: '/mine' }], active: 0 }),
    );
    wire();
    await useSessions.getState().load();
    expect(tabIds()).toEqual(['folder:/mine']);
  });

  it('starts empty from a corrupted value and replaces it; a removed session is forgotten', async () => {
    shared.setItem(LAYOUT_KEY, '{"v":1,"tabs":[{"kind":"session"');
    wire();
    await useSessions.getState().load();
    expect(tabIds()).toEqual([]);
    expect(parseLayout(shared.getItem(LAYOUT_KEY))).toEqual({ v: 1, tabs: [], active: null });

    // A page opened anew (no copy of its own), after B was removed.
    offs.splice(0).forEach((off) => off());
    windowCopy = new MemoryStore();
    useUi.setState({ tabs: [], activeTab: null });
    useSessions.setState({ sessions: {}, loaded: false });
    shared.setItem(LAYOUT_KEY, stored());
    listed = [A];
    wire();
    await useSessions.getState().load();
    expect(tabIds()).toEqual([sessionTab(A).id, 'folder:/home/u/other']);
    expect(parseLayout(shared.getItem(LAYOUT_KEY))?.tabs).toHaveLength(2);
  });

  it('keeps working when the storage refuses to be read or written', async () => {
    const refusing = () => {
      throw new Error('SecurityError: storage is disabled');
    };
    const full: KeyValueStore = {
      getItem: () => stored(),
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    offs.push(wireLayout({ window: refusing, shared: () => full }));
    await useSessions.getState().load();
    expect(tabIds()).toEqual(before.tabs.map((t) => t.id));
    useUi.getState().closeTab();
    expect(tabIds()).toHaveLength(2);
  });
});
