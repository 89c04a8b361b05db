/** The terminals domain: what core.ts and the sessions domain import. */
import type { SessionInfo } from '../../shared/schemas/session';
import { homedir } from 'node:os';
import { loadConfig } from '../config/load';
import { connectEngineAt } from '../engine';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { DEFAULT_SCROLLBACK } from './screen';
import { TerminalService, type TerminalServiceDeps } from './service';

export { TerminalService, type TerminalServiceDeps } from './service';
export { terminalHandlers } from './handlers';
export {
  claudeSettingsHooks,
  mergeClaudeSettingsHooks,
  attentionHook,
} from '../kit/attention-hook';

/**
 * A TerminalService for the app. Sessions are looked up through `getSession` (wire the session
 * manager's `get` in), engines are connected once per address.
 */
export function createTerminalService(
  deps: Pick<TerminalServiceDeps, 'getSession'> &
    Partial<TerminalServiceDeps> & { bus: EventBus; env?: NodeJS.ProcessEnv; homeDir?: string },
): TerminalService {
  const engines = new Map<string, Promise<Engine>>();
  const getEngine = (session: SessionInfo): Promise<Engine> => {
    let e = engines.get(session.engine.address);
    if (!e) {
      e = connectEngineAt(session.engine.address);
      // A failed connection is not cached: the next terminal tries again.
      e.catch(() => engines.delete(session.engine.address));
      engines.set(session.engine.address, e);
    }
    return e;
  };
  // The session folder's config (user file + project file) decides the scrollback.
  const scrollback = async (session: SessionInfo): Promise<number> => {
    const r = await loadConfig({
      projectDir: session.folder,
      env: deps.env ?? process.env,
      homeDir: deps.homeDir ?? homedir(),
      platform: process.platform,
    });
    return r.ok ? r.config.terminalScrollback : DEFAULT_SCROLLBACK;
  };
  const service = new TerminalService({ getEngine, scrollback, ...deps });
  // A session whose container is no longer running has no terminals left to show live.
  deps.bus.subscribe((name, payload) => {
    if (name !== 'sessionStatus') return;
    const session = payload as SessionInfo;
    if (session.status !== 'running' && session.status !== 'starting')
      service.closeSession(session.id);
  });
  return service;
}
