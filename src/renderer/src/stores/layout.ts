/**
 * The main area's layout as remembered across reloads and restarts: the open tabs in their
 * order, the active one, and for each session tab which view (terminals or review) and which
 * terminal it showed. Terminal contents are not part of it: the main process's screen
 * snapshots bring them back when a view attaches.
 *
 * Stored text is untrusted (another version of the app, a hand edit, a torn write): anything
 * that is not exactly this shape is ignored as a whole, never half-applied. DOM-free.
 */
import { z } from 'zod';
import { SessionId, type SessionInfo } from '../../../shared/schemas/session';
import { TerminalId } from '../../../shared/schemas/terminal';
import type { SessionView } from './session-views';
import { folderTab, sessionTab } from './tabs';
import type { Tab } from './ui';

export const LAYOUT_VERSION = 1;
/** More tabs than anyone keeps open; bounds what a stored value can make the page build. */
export const MAX_TABS = 50;
/** A longer stored value is not ours (50 tabs of 4 KiB paths fit). */
export const MAX_LAYOUT_CHARS = 256 * 1024;

const SavedTab = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('session'),
      session: SessionId,
      view: z.enum(['terminal', 'review']).optional(),
      terminal: TerminalId.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('folder'), folder: z.string().min(1).max(4096) }).strict(),
]);
type SavedTab = z.infer<typeof SavedTab>;

const SavedLayout = z
  .object({
    v: z.literal(LAYOUT_VERSION),
    tabs: z.array(SavedTab).max(MAX_TABS),
    /** Index into tabs; null when no tab was active. */
    active: z.number().int().min(0).nullable(),
  })
  .strict();
export type SavedLayout = z.infer<typeof SavedLayout>;

/** The layout in a stored text, or null when there is none or it is not a valid one. */
export function parseLayout(raw: string | null | undefined): SavedLayout | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LAYOUT_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = SavedLayout.safeParse(value);
  if (!parsed.success) return null;
  const { tabs, active } = parsed.data;
  return {
    v: LAYOUT_VERSION,
    tabs,
    active: active !== null && active < tabs.length ? active : null,
  };
}

export interface LayoutState {
  tabs: Tab[];
  activeTab: string | null;
  views: Record<string, SessionView>;
  /** The terminal each session shows (by session id). */
  terminals: Record<string, string>;
}

/** What to store for the current layout (tabs past MAX_TABS are not remembered). */
export function snapshotLayout(state: LayoutState): SavedLayout {
  const tabs: SavedTab[] = [];
  let active: number | null = null;
  for (const tab of state.tabs.slice(0, MAX_TABS)) {
    if (tab.id === state.activeTab) active = tabs.length;
    if (tab.kind === 'folder') {
      tabs.push({ kind: 'folder', folder: tab.subject });
      continue;
    }
    const view = state.views[tab.subject]?.kind;
    const terminal = state.terminals[tab.subject];
    tabs.push({
      kind: 'session',
      session: tab.subject,
      ...(view ? { view } : {}),
      ...(terminal ? { terminal } : {}),
    });
  }
  return { v: LAYOUT_VERSION, tabs, active };
}

/**
 * The layout to show: the saved tabs whose session still exists (with titles from the
 * sessions as they are now), then the tabs opened before the restore (a folder handed over at
 * start-up) that are not among them. What was opened meanwhile keeps the focus; views and
 * terminals chosen meanwhile win over the saved ones.
 */
export function restoreLayout(
  saved: SavedLayout,
  sessions: Record<string, SessionInfo>,
  current: LayoutState,
): LayoutState {
  const tabs: Tab[] = [];
  const views: Record<string, SessionView> = {};
  const terminals: Record<string, string> = {};
  let activeTab: string | null = null;
  saved.tabs.forEach((t, i) => {
    let tab: Tab;
    if (t.kind === 'folder') tab = folderTab(t.folder);
    else {
      const s = sessions[t.session];
      if (!s) return; // removed since: silently left out
      tab = sessionTab(s);
      if (t.view) views[s.id] = { kind: t.view };
      if (t.terminal) terminals[s.id] = t.terminal;
    }
    if (i === saved.active) activeTab = tab.id;
    if (!tabs.some((x) => x.id === tab.id)) tabs.push(tab);
  });
  // The saved active tab was removed: like closing it, the last tab takes over.
  if (activeTab === null && saved.active !== null) activeTab = tabs.at(-1)?.id ?? null;
  for (const tab of current.tabs) if (!tabs.some((x) => x.id === tab.id)) tabs.push(tab);
  return {
    tabs,
    activeTab: current.activeTab ?? activeTab,
    views: { ...views, ...current.views },
    terminals: { ...terminals, ...current.terminals },
  };
}
