/**
 * autoPush / autoCreatePR / pushRemote for a session, from the project's config (the CLI's
 * --no-push / --no-pr arrive as overrides). A config that does not load means "automate
 * nothing": a broken file must never make the runner push.
 */
import { loadConfig } from '../config/load';
import type { SessionInfo } from '../../shared/schemas/session';
import type { CommitSettings } from './service';

export interface SettingsSource {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  /** e.g. { autoPush: false } from --no-push. */
  overrides?: Partial<CommitSettings>;
}

export function settingsFromConfig(
  src: SettingsSource,
): (session: SessionInfo) => Promise<CommitSettings> {
  return async (session) => {
    const r = await loadConfig({
      projectDir: session.folder,
      env: src.env,
      homeDir: src.homeDir,
      platform: src.platform,
    }).catch(() => null);
    const base: CommitSettings =
      r && r.ok
        ? {
            autoPush: r.config.autoPush,
            autoCreatePR: r.config.autoCreatePR,
            pushRemote: r.config.pushRemote,
          }
        : { autoPush: false, autoCreatePR: false, pushRemote: 'origin' };
    return { ...base, ...src.overrides };
  };
}
