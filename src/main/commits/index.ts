/** The commits domain's public surface. */
import type { SessionInfo } from '../../shared/schemas/session';
import type { EventBus } from '../events';
import { connectEngineAt } from '../engine';
import type { ForgeOptions } from '../forge/pull-request';
import { CommitService, type CommitSettings } from './service';
import { settingsFromConfig } from './settings';

export { CommitService, type CommitServiceDeps, type CommitSettings } from './service';
export { commitHandlers } from './handlers';

/** The service as the core runs it: engines by the session's address, settings from the config. */
export function createCommitService(opts: {
  bus: EventBus;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  overrides?: Partial<CommitSettings>;
  forge?: Partial<ForgeOptions>;
  /** The sessions domain's lookup, for review calls before a session's first status event. */
  getSession?: (id: string) => Promise<SessionInfo | undefined>;
}): CommitService {
  return new CommitService({
    bus: opts.bus,
    // Elected by the core's importer election (one importer per data dir).
    importing: false,
    ...(opts.getSession ? { getSession: opts.getSession } : {}),
    engineFor: (s) => connectEngineAt(s.engine.address),
    settingsFor: settingsFromConfig({
      env: opts.env,
      homeDir: opts.homeDir,
      platform: process.platform,
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
    }),
    forge: { env: opts.env, ...opts.forge },
  });
}
