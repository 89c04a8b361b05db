/**
 * What quitting does to running sessions. Containers outlive the app by design, so the
 * default is to keep them running; the user can choose to stop them instead. Closing the
 * window alone never touches them.
 */
import { z } from 'zod';
import { isMethodName } from '../../shared/contract';
import type { ClientBinding } from '../../shared/client';

export type QuitChoice = 'keep' | 'stop' | 'cancel';

export interface QuitFlowDeps {
  /** Ids of the sessions whose containers are running. */
  runningSessions(): Promise<string[]>;
  stopSessions(ids: string[]): Promise<void>;
  ask(count: number): Promise<QuitChoice>;
  dispose(): Promise<void>;
  quit(): void;
}

/**
 * Returns the `before-quit` listener: the first quit is held while the user is asked and the
 * sessions are handled; then the app quits for real.
 */
export function createQuitHandler(deps: QuitFlowDeps): (event: { preventDefault(): void }) => void {
  let state: 'idle' | 'asking' | 'done' = 'idle';
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'asking') return;
    state = 'asking';
    void (async () => {
      try {
        const running = await deps.runningSessions().catch(() => []);
        const choice = running.length > 0 ? await deps.ask(running.length) : 'keep';
        if (choice === 'cancel') {
          state = 'idle';
          return;
        }
        if (choice === 'stop') await deps.stopSessions(running).catch(() => undefined);
        await deps.dispose().catch(() => undefined);
      } finally {
        if (state === 'asking') {
          state = 'done';
          deps.quit();
        }
      }
    })();
  };
}

const Listed = z.object({ sessions: z.array(z.object({ id: z.string(), status: z.string() })) });

/**
 * Sessions through the contract, so this keeps working as the sessions domain grows: uses
 * `listSessions` / `stopSession` when the contract has them, and sees no sessions otherwise.
 */
export function sessionsViaContract(
  binding: ClientBinding,
): Pick<QuitFlowDeps, 'runningSessions' | 'stopSessions'> {
  return {
    async runningSessions() {
      if (!isMethodName('listSessions')) return [];
      const listed = Listed.safeParse(await binding.call('listSessions', {}));
      return listed.success
        ? listed.data.sessions.filter((s) => s.status === 'running').map((s) => s.id)
        : [];
    },
    async stopSessions(ids) {
      if (!isMethodName('stopSession')) return;
      await Promise.allSettled(ids.map((id) => binding.call('stopSession', { id })));
    },
  };
}
