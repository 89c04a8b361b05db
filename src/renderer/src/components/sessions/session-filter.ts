/**
 * Finding a session among many: a text filter over name, branch and folder, and a status
 * filter by what the status dot shows, with the count of each status (DOM-free: tested under
 * Node).
 */
import type { SessionInfo } from '../../../../shared/schemas/session';
import type { ShownStatus } from '../../stores/session-status';

/** The chips, in the order a user scans them: what needs them first. */
export const FILTER_STATUSES: readonly ShownStatus[] = [
  'waiting',
  'running',
  'starting',
  'finished',
  'stopped',
  'failed',
  'gone',
  'unknown',
];

export interface ShownSession {
  session: SessionInfo;
  status: ShownStatus;
}

export function statusCounts(list: readonly ShownSession[]): Partial<Record<ShownStatus, number>> {
  const counts: Partial<Record<ShownStatus, number>> = {};
  for (const { status } of list) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** Every word of the query must appear in the name, branch or folder (case-insensitive). */
export function matchesQuery(s: SessionInfo, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${s.name}\n${s.branch}\n${s.folder}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function filterSessions(
  list: readonly ShownSession[],
  query: string,
  status: ShownStatus | null,
): SessionInfo[] {
  return list
    .filter((x) => (status === null || x.status === status) && matchesQuery(x.session, query))
    .map((x) => x.session);
}

/** The filter bar is shown from this many sessions on (or while a filter is set). */
export const FILTER_FROM = 5;
