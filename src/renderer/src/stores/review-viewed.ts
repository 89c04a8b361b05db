/**
 * "Viewed" checkmarks of the review's files, per session and per commit (or range, or the whole
 * session), kept by the app with the session's review (getViewedMarks / setViewedMarks), so a
 * reload, a restart and every other window see them, the others live (viewedChanged). Each mark
 * remembers the file's change as the list described it (status, +/−, sizes): when the whole
 * session's diff of that file changes after the agent's next commit, the mark no longer matches
 * and the file shows as not viewed again, like a code host does. A mark shows at once; the
 * app's answer (or its event) then says what is stored.
 */
import { create } from 'zustand';
import type { Api } from '../../../shared/contract';
import type { DiffFile } from '../../../shared/schemas/commits';
import type { ViewedMarks } from '../../../shared/schemas/review';
import { api } from '../api-context';

/** Where this window kept marks before the app stored them (read once, then moved over). */
const LEGACY_PREFIX = 'ccr.reviewViewed:';

/** What a mark is checked against: the file's change as listed. */
export function fingerprint(f: DiffFile): string {
  return [f.status, f.oldPath ?? '', f.insertions, f.deletions, f.oldSize, f.newSize].join('|');
}

type Marks = Record<string, string>;

const EMPTY: Marks = {};
const keyOf = (sessionId: string, scope: string) => `${sessionId}\0${scope}`;
/** `${sessionId}\0${scope}` → marks as last known. */
const cache = new Map<string, Marks>();
/** Scopes asked of the app (once each, again after a failure). */
const asked = new Set<string>();
/** Marks sent and not yet answered per scope: answers and events wait for the last one. */
const inFlight = new Map<string, number>();
let wiredTo: Api | null = null;

interface ViewedStore {
  /** Bumped on every change, so readers of the cache re-render. */
  version: number;
  set(sessionId: string, scope: string, files: readonly DiffFile[], viewed: boolean): void;
}

export const useViewed = create<ViewedStore>((set) => ({
  version: 0,
  set: (sessionId, scope, files, viewed) => {
    const key = keyOf(sessionId, scope);
    const next = { ...readMarks(sessionId, scope) };
    const changes: Record<string, string | null> = {};
    for (const f of files) {
      if (viewed) next[f.path] = changes[f.path] = fingerprint(f);
      else {
        delete next[f.path];
        changes[f.path] = null;
      }
    }
    cache.set(key, next);
    set((s) => ({ version: s.version + 1 }));
    send(sessionId, scope, changes);
  },
}));

const bump = () => useViewed.setState((s) => ({ version: s.version + 1 }));

/** The app's marks of a scope, unless a change of this window is still on its way. */
function accept(m: ViewedMarks): void {
  const key = keyOf(m.sessionId, m.scope);
  if (inFlight.get(key)) return;
  cache.set(key, m.marks);
  bump();
}

function send(sessionId: string, scope: string, marks: Record<string, string | null>): void {
  const key = keyOf(sessionId, scope);
  inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  const settle = () => inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
  api()
    .setViewedMarks({ sessionId, scope, marks })
    .then(
      (m) => {
        settle();
        accept(m);
      },
      () => {
        // Not stored: show what the app has.
        settle();
        asked.delete(key);
        load(sessionId, scope);
      },
    );
}

/** Every window's changes, from the app's event (subscribed once per client). */
function wire(): void {
  const client = api();
  if (wiredTo === client) return;
  wiredTo = client;
  client.onViewedChanged(accept);
}

function load(sessionId: string, scope: string): void {
  const key = keyOf(sessionId, scope);
  if (asked.has(key)) return;
  asked.add(key);
  wire();
  api()
    .getViewedMarks({ sessionId, scope })
    .then(
      (m) => {
        const legacy = takeLegacy(sessionId, scope);
        if (legacy && Object.keys(m.marks).length === 0 && Object.keys(legacy).length) {
          cache.set(key, legacy);
          bump();
          send(sessionId, scope, legacy);
        } else accept(m);
      },
      () => asked.delete(key),
    );
}

/** Marks this window kept in localStorage before the app stored them (moved over once). */
function takeLegacy(sessionId: string, scope: string): Marks | null {
  try {
    const raw = localStorage.getItem(LEGACY_PREFIX + sessionId);
    if (!raw) return null;
    const v = JSON.parse(raw) as { scopes?: Record<string, Marks> };
    const marks = v.scopes?.[scope];
    if (!marks || typeof marks !== 'object') return null;
    delete v.scopes![scope];
    if (Object.keys(v.scopes!).length)
      localStorage.setItem(LEGACY_PREFIX + sessionId, JSON.stringify(v));
    else localStorage.removeItem(LEGACY_PREFIX + sessionId);
    const out: Marks = {};
    for (const [p, fp] of Object.entries(marks)) if (typeof fp === 'string') out[p] = fp;
    return out;
  } catch {
    // Unreadable or disabled storage: nothing to move.
    return null;
  }
}

/** The marks of a scope as known now (asked of the app the first time). */
export function readMarks(sessionId: string, scope: string): Marks {
  load(sessionId, scope);
  return cache.get(keyOf(sessionId, scope)) ?? EMPTY;
}

/** The marks of one scope, kept current. */
export function useViewedMarks(sessionId: string, scope: string): Marks {
  useViewed((s) => s.version);
  return readMarks(sessionId, scope);
}

export function isViewed(marks: Marks, f: DiffFile): boolean {
  return marks[f.path] === fingerprint(f);
}
