/**
 * The checks of a session start that need no engine: the folder is a repo with a commit, the
 * config is valid, the branch name is valid and free (claimed atomically), and the snapshot
 * plan of the work tree.
 */
import { AppError } from '../../shared/errors';
import type { NetworkPolicy } from '../../shared/schemas/network-policy';
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { SessionInfo, SessionPhase } from '../../shared/schemas/session';
import { branchExists, checkBranchName, defaultBranchName } from '../git/branch-name';
import { checkRepo, type RepoState } from '../git/repo-check';
import { planSnapshot, type SnapshotPlan } from '../git/snapshot';
import { trustProjectConfig } from '../config/trust';
import type { SessionDeps } from './deps';
import type { ForkFrom } from './fork';
import type { LogSink } from './setup-commands';

export interface StartRequest {
  folder: string;
  name?: string;
  prompt?: string;
  configPath?: string;
  /** What to do with a project config file that is not trusted (see config/trust.ts). */
  projectConfig?: 'ignore' | { trust: string };
  /** The start panel's network choice (overrides the configs). */
  network?: NetworkPolicy;
  /** This start's MCP servers; absent: the project's saved choice (see src/main/mcp). */
  mcpServers?: string[];
  /** A fork of another session: its branch tip instead of the user's HEAD (see fork.ts). */
  fork?: ForkFrom;
}

/** Hooks the manager gives the pipeline: record changes and events. */
export interface StartHooks {
  /** Records a new or changed session (persist + sessionStatus event). */
  commit(info: SessionInfo): Promise<void>;
  /** Drops a session that never got a container. */
  discard(info: SessionInfo): Promise<void>;
  progress(
    id: string,
    phase: SessionPhase,
    message: string,
    current?: number,
    total?: number,
  ): void;
  log(id: string): LogSink;
  /**
   * Claims a branch name of a folder for this start; false when a session (or another start
   * in flight) has it. Synchronous, so two concurrent starts cannot both claim one name.
   */
  reserveBranch(folder: string, branch: string): boolean;
}

export interface Prepared {
  repo: RepoState;
  config: ResolvedConfig;
  branch: string;
  /** Listing the work tree runs while the image and container are prepared. */
  snapshot: Promise<SnapshotPlan>;
}

export async function prepare(
  deps: SessionDeps,
  req: StartRequest,
  hooks: StartHooks,
): Promise<Prepared> {
  const repo = await checkRepo(req.folder);
  const host = { env: deps.env, homeDir: deps.homeDir, platform: deps.platform };
  const load = () =>
    deps.loadConfig({ projectDir: repo.root, configPath: req.configPath, ...host });
  let loaded = await load();
  if (loaded.ok && loaded.untrusted) {
    const { file, sha256, settings } = loaded.untrusted;
    const decision = req.projectConfig;
    if (typeof decision === 'object' && decision.trust === sha256) {
      await trustProjectConfig(host, file, sha256);
      loaded = await load();
    } else if (decision !== 'ignore') {
      const changed = typeof decision === 'object' ? ' (it changed since it was shown)' : '';
      throw new AppError(
        'config-untrusted',
        `${file}${changed} comes with the repository and asks for settings that reach outside the sandbox: ${settings.map((x) => x.key).join(', ')}`,
        'review them, then trust this file and start again, or start without them',
      );
    }
  }
  if (!loaded.ok) {
    const first = loaded.issues[0];
    throw new AppError(
      'config-invalid',
      `the config has ${loaded.issues.length} problem(s)${first ? `; first: ${first.path || first.file}: ${first.message}` : ''}`,
      'open the config, fix the problems listed and start again',
    );
  }
  const branch = req.name ? await checkBranchName(req.name, repo.root) : undefined;
  const candidates = branch
    ? [branch]
    : (() => {
        // Two sessions started in the same second get -2, -3, … rather than an error.
        const base = defaultBranchName(deps.now?.() ?? new Date());
        return [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
      })();
  let chosen: string | undefined;
  for (const c of candidates) {
    if (await branchExists(repo.root, c)) continue;
    if (hooks.reserveBranch(repo.root, c)) {
      chosen = c;
      break;
    }
  }
  if (!chosen) {
    throw new AppError(
      'branch-exists',
      `a branch named ${candidates[0]} already exists in ${repo.root}`,
      req.name
        ? 'choose another name'
        : 'wait a second and start again, or give the session a name',
    );
  }
  const snapshot = planSnapshot(repo.root, { includeIgnored: loaded.config.includeIgnored });
  snapshot.catch(() => undefined); // awaited (and its error reported) by the pipeline
  return { repo, config: loaded.config, branch: chosen, snapshot };
}
