import type { SessionInfo } from '../../../src/shared/schemas/session';

/** A valid session record for store and reconcile tests. */
export function record(id: string, over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    schemaVersion: 1,
    id,
    name: `claude-${id}`,
    folder: '/tmp/repo',
    branch: `claude/${id}`,
    baseCommit: 'a'.repeat(40),
    engine: { address: 'unix:///x.sock', kind: 'docker' },
    containerId: 'c'.repeat(64),
    containerName: `ccr-${id}`,
    image: 'img:1',
    containerUser: 'claude',
    status: 'running',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...over,
  };
}
