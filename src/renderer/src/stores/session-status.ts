/** The status a session shows (DOM- and client-free, so it is tested under Node). */
import type { SessionInfo } from '../../../shared/schemas/session';
import type { AttentionState } from '../../../shared/schemas/terminal';

/** What the status dot shows: the record's status refined by the agent's attention. */
export type ShownStatus =
  'starting' | 'running' | 'waiting' | 'finished' | 'stopped' | 'failed' | 'gone' | 'unknown';

export function shownStatus(
  info: SessionInfo,
  attention: { state: AttentionState } | undefined,
): ShownStatus {
  if (info.status !== 'running') return info.status;
  if (attention?.state === 'waiting') return 'waiting';
  if (attention?.state === 'finished') return 'finished';
  return 'running';
}

export const STATUS_LABEL: Record<ShownStatus, string> = {
  starting: 'Starting',
  running: 'Running',
  waiting: 'Waiting for input',
  finished: 'Agent exited',
  stopped: 'Stopped',
  failed: 'Failed',
  gone: 'Container gone',
  unknown: 'Unknown (engine unreachable)',
};
