/** Finding a session among many in the sidebar: text filter, status filter and their counts. */
import { describe, expect, it } from 'vitest';
import {
  filterSessions,
  statusCounts,
  type ShownSession,
} from '../../../src/renderer/src/components/sessions/session-filter';
import type { SessionInfo } from '../../../src/shared/schemas/session';

function session(id: string, folder: string, branch: string): SessionInfo {
  return {
    schemaVersion: 1,
    id,
    name: `name-${id}`,
    folder,
    branch,
    baseCommit: null,
    engine: { address: 'unix:///var/run/docker.sock', kind: 'docker' },
    containerId: `c-${id}`,
    containerName: `ccr-${id}`,
    image: 'img',
    containerUser: '',
    status: 'running',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const list: ShownSession[] = [
  { session: session('a1', '/home/u/shop', 'claude/fix-cart'), status: 'waiting' },
  { session: session('a2', '/home/u/shop', 'claude/2026-12-04-101010'), status: 'running' },
  { session: session('b1', '/home/u/blog', 'claude/new-theme'), status: 'running' },
  { session: session('b2', '/home/u/blog', 'claude/fix-feed'), status: 'failed' },
];
const ids = (l: SessionInfo[]) => l.map((s) => s.id);

describe('the sidebar filter', () => {
  it('counts each status the dots show', () => {
    expect(statusCounts(list)).toEqual({ waiting: 1, running: 2, failed: 1 });
  });

  it('matches every word against name, branch and folder, in any case', () => {
    expect(ids(filterSessions(list, 'FIX', null))).toEqual(['a1', 'b2']);
    expect(ids(filterSessions(list, 'fix blog', null))).toEqual(['b2']);
    expect(ids(filterSessions(list, 'shop', null))).toEqual(['a1', 'a2']);
    expect(ids(filterSessions(list, '  ', null))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('narrows by status, together with the text', () => {
    expect(ids(filterSessions(list, '', 'running'))).toEqual(['a2', 'b1']);
    expect(ids(filterSessions(list, 'blog', 'running'))).toEqual(['b1']);
    expect(ids(filterSessions(list, 'shop', 'failed'))).toEqual([]);
  });
});
