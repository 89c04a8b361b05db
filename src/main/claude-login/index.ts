/** Login sync's public surface: import from here, not from the files behind it. */
import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { SessionInfo } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { HostAccount } from './host-account';
import { hostLoginStore } from './host-store';
import { LoginSyncService } from './service';

export { LoginSyncService } from './service';
export { loginSyncHandlers } from './handlers';
export { oauthLoginNotes, LONG_LIVED_TOKEN_HINT, expiredNote } from './report-notes';

export interface LoginSyncOptions {
  bus: EventBus;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  engineFor(session: SessionInfo): Promise<Engine>;
  /** The app's data dir: the syncing process shares its per-session rows there. */
  dataDir?: string;
  /** A stand-in `security` program (tests). */
  securityPath?: string;
}

/** The host's Claude folder: $CLAUDE_CONFIG_DIR or ~/.claude, as Claude Code has it. */
export function hostClaudeDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const dir = env.CLAUDE_CONFIG_DIR?.trim();
  if (!dir) return join(homeDir, '.claude');
  if (dir === '~') return homeDir;
  if (dir.startsWith('~/')) return join(homeDir, dir.slice(2));
  return isAbsolute(dir) ? dir : join(homeDir, dir);
}

/** The service as the core runs it: inactive until the data dir's election picks this process. */
export function createLoginSync(o: LoginSyncOptions): LoginSyncService {
  const claudeDir = hostClaudeDir(o.env, o.homeDir);
  let user = o.env.USER?.trim() ?? '';
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = '';
    }
  }
  return new LoginSyncService({
    bus: o.bus,
    store: hostLoginStore({
      claudeDir,
      platform: o.platform,
      env: o.env,
      userName: user,
      ...(o.securityPath ? { securityPath: o.securityPath } : {}),
    }),
    hostAccount: new HostAccount([
      join(o.homeDir, '.claude.json'),
      join(claudeDir, '.claude.json'),
    ]),
    engineFor: o.engineFor,
    ...(o.dataDir ? { stateFile: join(o.dataDir, 'login-sync.json') } : {}),
  });
}
