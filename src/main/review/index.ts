/** The review domain: what core.ts imports. */
import { homedir } from 'node:os';
import type { SessionInfo } from '../../shared/schemas/session';
import { loadConfig } from '../config/load';
import { connectEngineAt } from '../engine';
import type { Engine } from '../engine/types';
import type { FeedbackConfig } from './deliver';
import { ReviewService, type ReviewDeps } from './service';

export { ReviewService } from './service';
export { reviewHandlers } from './handlers';

/** A ReviewService for the app: engines connected once per address, feedback from the config. */
export function createReviewService(
  deps: Omit<ReviewDeps, 'getEngine' | 'feedback'> & { env?: NodeJS.ProcessEnv; homeDir?: string },
): ReviewService {
  const engines = new Map<string, Promise<Engine>>();
  const getEngine = (session: SessionInfo): Promise<Engine> => {
    let e = engines.get(session.engine.address);
    if (!e) {
      e = connectEngineAt(session.engine.address);
      e.catch(() => engines.delete(session.engine.address));
      engines.set(session.engine.address, e);
    }
    return e;
  };
  const feedback = async (session: SessionInfo): Promise<FeedbackConfig> => {
    const r = await loadConfig({
      projectDir: session.folder,
      // The config file the session was started with (`-c`), as the session itself used.
      ...(session.configPath ? { configPath: session.configPath } : {}),
      env: deps.env ?? process.env,
      homeDir: deps.homeDir ?? homedir(),
      platform: process.platform,
    });
    return r.ok && r.config.agent.feedback ? r.config.agent.feedback : { mode: 'paste' };
  };
  return new ReviewService({ ...deps, getEngine, feedback });
}
