/**
 * Start-up reconciliation of stored records with the containers the engines report (found by
 * label). Running → adopted, stopped → restartable, vanished → gone. An engine that does not
 * answer proves nothing about its containers: those records become 'unknown', never dropped.
 */
import type { ErrorCode } from '../../shared/errors';
import type { EngineKind } from '../../shared/schemas/engine';
import {
  SESSION_SCHEMA_VERSION,
  SessionId,
  type SessionInfo,
  type SessionStatus,
} from '../../shared/schemas/session';
import { LABELS } from '../engine/labels';
import type { ContainerState, ContainerSummary } from '../engine/types';
import { sessionNameFromBranch } from './container-plan';

export type EngineView =
  { reachable: true; containers: ContainerSummary[] } | { reachable: false; message: string };

export function findContainer(
  record: SessionInfo,
  containers: ContainerSummary[],
): ContainerSummary | undefined {
  return (
    containers.find((c) => record.containerId !== null && c.id === record.containerId) ??
    containers.find((c) => c.labels[LABELS.session] === record.id)
  );
}

/** The record as it should be now; the same object when nothing changed. */
export function reconcileRecord(record: SessionInfo, view: EngineView, now: string): SessionInfo {
  if (!view.reachable) {
    // A failure is a fact about the session, not about the engine: it outlives the outage.
    if (record.status === 'gone' || record.status === 'failed') return record;
    return {
      ...record,
      status: 'unknown',
      error: {
        code: 'engine-unreachable' satisfies ErrorCode,
        message: view.message,
        hint: 'start the container engine; the session is kept',
      },
      updatedAt: now,
    };
  }
  const c = findContainer(record, view.containers);
  let status: SessionStatus;
  let error = record.error;
  if (!c) {
    status = 'gone';
    error = {
      code: 'container-gone' satisfies ErrorCode,
      message: 'the container no longer exists',
      hint: 'remove the session; its branch is kept',
    };
  } else if (record.status === 'starting') {
    status = 'failed';
    error = {
      code: 'start-interrupted' satisfies ErrorCode,
      message: 'the app stopped while this session was starting',
      hint: 'remove it and start a new session',
    };
  } else if (record.status === 'failed') {
    status = 'failed';
  } else {
    status = c.status === 'running' ? 'running' : 'stopped';
    error = undefined;
  }
  const containerId = c?.id ?? record.containerId;
  if (status === record.status && containerId === record.containerId && error === record.error)
    return record;
  const next: SessionInfo = { ...record, status, containerId, updatedAt: now };
  if (error) next.error = error;
  else delete next.error;
  return next;
}

/**
 * A record rebuilt from a container's labels, for sessions whose record was lost with a corrupt
 * store: the session, repo and branch labels say what it was. Null for containers that are not
 * sessions (no valid session id or repo).
 */
export function recordFromContainer(
  c: ContainerState,
  engine: { address: string; kind: EngineKind },
  now: string,
): SessionInfo | null {
  const id = c.labels[LABELS.session] ?? '';
  const folder = c.labels[LABELS.repo] ?? '';
  const branch = c.labels[LABELS.branch] ?? '';
  if (!SessionId.safeParse(id).success || !folder.startsWith('/') || branch === '') return null;
  const created = c.raw.Created ? new Date(c.raw.Created).toISOString() : now;
  return {
    schemaVersion: SESSION_SCHEMA_VERSION,
    id,
    name: sessionNameFromBranch(branch),
    folder,
    branch,
    baseCommit: null,
    engine,
    containerId: c.id,
    containerName: c.name.replace(/^\//, ''),
    image: c.image,
    containerUser: c.raw.Config?.User ?? '',
    status: c.running ? 'running' : 'stopped',
    createdAt: created,
    updatedAt: now,
  };
}
