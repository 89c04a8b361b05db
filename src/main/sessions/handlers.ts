/** Contract handlers of the sessions domain. */
import type { Handlers } from '../../shared/contract';
import { loadConfig } from '../config/load';
import type { PlatformEnv } from '../config/paths';
import { checkRepo, initRepo } from '../git/repo-check';
import type { SessionManager } from './manager';

type SessionMethods =
  | 'startSession'
  | 'listSessions'
  | 'getSession'
  | 'stopSession'
  | 'restartSession'
  | 'forkSession'
  | 'exportConversation'
  | 'removeSession'
  | 'initRepo'
  | 'checkProjectConfig';

export function sessionHandlers(
  manager: SessionManager,
  ready: Promise<unknown>,
  host: PlatformEnv,
): Pick<Handlers, SessionMethods> {
  return {
    startSession: async (input) => {
      await ready;
      return manager.start(input);
    },
    listSessions: async () => {
      await ready;
      manager.refreshSoon();
      return manager.list();
    },
    getSession: async ({ id }) => {
      await ready;
      return manager.get(id);
    },
    stopSession: async ({ id }) => {
      await ready;
      return manager.stop(id);
    },
    restartSession: async ({ id, fresh }) => {
      await ready;
      return manager.restart(id, { fresh: fresh === true });
    },
    forkSession: async (input) => {
      await ready;
      return manager.fork(input);
    },
    exportConversation: async ({ id, folder }) => {
      await ready;
      return manager.exportConversation(id, folder);
    },
    removeSession: async ({ id, force }) => {
      await ready;
      return manager.remove(id, { force });
    },
    initRepo: async ({ folder }) => initRepo(folder),
    // The same file the start reads: the repository root's, not the folder's.
    checkProjectConfig: async ({ folder }) => {
      const repo = await checkRepo(folder);
      const r = await loadConfig({ projectDir: repo.root, ...host });
      return { untrusted: r.ok ? (r.untrusted ?? null) : null };
    },
  };
}
