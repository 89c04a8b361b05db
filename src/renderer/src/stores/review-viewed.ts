/**
 * "Viewed" checkmarks of the review's files, per session and per commit (or range, or the whole
 * session), kept in localStorage so they survive a reload and a restart. Each mark remembers
 * the file's change as the list described it (status, +/−, sizes): when the whole session's
 * diff of that file changes after the agent's next commit, the mark no longer matches and the
 * file shows as not viewed again, like a code host does. Storage that cannot be used only
 * means nothing is remembered.
 */
import { create } from 'zustand';
import type { DiffFile } from '../../../shared/schemas/commits';

const PREFIX = 'ccr.reviewViewed:';
/** Scopes kept per session; the oldest are dropped beyond this. */
const MAX_SCOPES = 200;

/** What a mark is checked against: the file's change as listed. */
export function fingerprint(f: DiffFile): string {
  return [f.status, f.oldPath ?? '', f.insertions, f.deletions, f.oldSize, f.newSize].join('|');
}

type Marks = Record<string, string>;

interface Stored {
  /** scope → path → fingerprint, in the order last written (oldest first). */
  scopes: Record<string, Marks>;
}

function read(sessionId: string): Stored {
  try {
    const raw = localStorage.getItem(PREFIX + sessionId);
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    if (v && typeof v === 'object' && 'scopes' in v && typeof v.scopes === 'object' && v.scopes)
      return v as Stored;
  } catch {
    // Unreadable or disabled storage: start empty.
  }
  return { scopes: {} };
}

function write(sessionId: string, s: Stored): void {
  try {
    const keys = Object.keys(s.scopes);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_SCOPES))) delete s.scopes[k];
    localStorage.setItem(PREFIX + sessionId, JSON.stringify(s));
  } catch {
    // Quota or disabled storage: the marks are just not remembered.
  }
}

const EMPTY: Marks = {};
/** `${sessionId}\0${scope}` → marks, read from storage on first use. */
const cache = new Map<string, Marks>();

/** The marks of a scope as they are now (read from storage the first time). */
export function readMarks(sessionId: string, scope: string): Marks {
  const key = `${sessionId}\0${scope}`;
  let m = cache.get(key);
  if (!m) cache.set(key, (m = read(sessionId).scopes[scope] ?? EMPTY));
  return m;
}

interface ViewedStore {
  /** Bumped on every change, so readers of the cache re-render. */
  version: number;
  set(sessionId: string, scope: string, files: readonly DiffFile[], viewed: boolean): void;
}

export const useViewed = create<ViewedStore>((set) => ({
  version: 0,
  set: (sessionId, scope, files, viewed) => {
    const next = { ...readMarks(sessionId, scope) };
    for (const f of files) {
      if (viewed) next[f.path] = fingerprint(f);
      else delete next[f.path];
    }
    cache.set(`${sessionId}\0${scope}`, next);
    const stored = read(sessionId);
    delete stored.scopes[scope];
    stored.scopes[scope] = next;
    write(sessionId, stored);
    set((s) => ({ version: s.version + 1 }));
  },
}));

/** The marks of one scope (read from storage the first time). */
export function useViewedMarks(sessionId: string, scope: string): Marks {
  useViewed((s) => s.version);
  return readMarks(sessionId, scope);
}

export function isViewed(marks: Marks, f: DiffFile): boolean {
  return marks[f.path] === fingerprint(f);
}
