/**
 * The start pipeline, from a folder to an agent at work: checks, config, snapshot plan, image,
 * hardened container, workspace, credentials, setup commands, agent. Each failure is an
 * AppError; from the moment a container exists the session record stays (status 'failed') so
 * the container can be inspected.
 */
import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { SessionInfo, SessionPhase } from '../../shared/schemas/session';
import { SESSION_SCHEMA_VERSION } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import { branchExists, checkBranchName, defaultBranchName } from '../git/branch-name';
import { checkRepo, readRemotes, type RepoState } from '../git/repo-check';
import { planSnapshot, type SnapshotPlan } from '../git/snapshot';
import { agentSpec } from './agent-spec';
import { planContainer, sessionNameFromBranch } from './container-plan';
import type { PlannedFile, SessionDeps } from './deps';
import { redactingSink } from '../credentials/redact';
import { runSetupCommands, type LogSink } from './setup-commands';
import {
  copyWorkspace,
  identifyUser,
  identityFromImage,
  initWorkspace,
  putFiles,
  type PopulateOptions,
} from './workspace';

export interface StartRequest {
  folder: string;
  name?: string;
  prompt?: string;
  configPath?: string;
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

interface Prepared {
  repo: RepoState;
  config: ResolvedConfig;
  branch: string;
  snapshot: SnapshotPlan;
}

async function prepare(deps: SessionDeps, req: StartRequest, hooks: StartHooks): Promise<Prepared> {
  const repo = await checkRepo(req.folder);
  const loaded = await deps.loadConfig({
    projectDir: repo.root,
    configPath: req.configPath,
    env: deps.env,
    homeDir: deps.homeDir,
    platform: deps.platform,
  });
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
  const snapshot = await planSnapshot(repo.root, { includeIgnored: loaded.config.includeIgnored });
  return { repo, config: loaded.config, branch: chosen, snapshot };
}

export async function startSession(
  deps: SessionDeps,
  req: StartRequest,
  hooks: StartHooks,
): Promise<SessionInfo> {
  const { repo, config, branch, snapshot } = await prepare(deps, req, hooks);
  const engine = await deps.getEngine();
  const id = randomBytes(6).toString('hex');
  const name = sessionNameFromBranch(branch);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const info: SessionInfo = {
    schemaVersion: SESSION_SCHEMA_VERSION,
    id,
    name,
    folder: repo.root,
    branch,
    baseCommit: repo.head,
    engine: { address: engine.info.address, kind: engine.info.kind },
    containerId: null,
    containerName: '',
    image: '',
    containerUser: '',
    status: 'starting',
    createdAt: now(),
    updatedAt: now(),
  };
  await hooks.commit(info);
  const log = hooks.log(id);
  for (const w of snapshot.warnings) log('system', `warning: ${w}\n`);
  // The pipeline updates the record as it goes; on failure the newest version is marked failed.
  const state = { info };
  try {
    return await runPipeline(
      deps,
      engine,
      { state, repo, config, snapshot, prompt: req.prompt },
      hooks,
      log,
    );
  } catch (e) {
    const err = isAppError(e)
      ? e
      : new AppError(
          'session-start-failed',
          `the session could not start: ${(e as Error).message}`,
        );
    const failed: SessionInfo = {
      ...state.info,
      status: 'failed',
      error: err.toPayload(),
      updatedAt: now(),
    };
    if (failed.containerId) await hooks.commit(failed);
    else await hooks.discard(failed);
    throw err;
  }
}

interface PipelineInput {
  state: { info: SessionInfo };
  repo: RepoState;
  config: ResolvedConfig;
  snapshot: SnapshotPlan;
  prompt?: string;
}

async function runPipeline(
  deps: SessionDeps,
  engine: Engine,
  input: PipelineInput,
  hooks: StartHooks,
  log: LogSink,
): Promise<SessionInfo> {
  const { repo, config, snapshot } = input;
  const { state } = input;
  const id = state.info.id;
  const update = async (patch: Partial<SessionInfo>) => {
    state.info = { ...state.info, ...patch, updatedAt: (deps.now?.() ?? new Date()).toISOString() };
    await hooks.commit(state.info);
  };

  hooks.progress(id, 'image', 'preparing the image');
  const image = await deps.ensureImage(engine, {
    config,
    projectDir: repo.root,
    appVersion: deps.appVersion,
    onProgress: (p) => hooks.progress(id, 'image', p.message, p.current, p.total),
  });

  hooks.progress(id, 'credentials', 'looking for credentials to forward');
  const userGuess = config.containerUser?.trim() || image.user || '';
  const guessHome = homeGuess(userGuess);
  const creds = await planCreds(deps, config, guessHome, repo.root);
  const ca = deps.planCaFiles
    ? await deps.planCaFiles(config, await engine.imageLabels(image.image))
    : { env: {}, files: [] };

  hooks.progress(id, 'container', 'creating the container');
  const plan = planContainer({
    config,
    sessionId: id,
    sessionName: state.info.name,
    repo: repo.root,
    branch: state.info.branch,
    image: image.image,
    imageUser: image.user,
    engineAddress: engine.info.address,
    extraEnv: { ...ca.env, ...creds.env },
  });
  const containerId = await engine.createContainer(plan.spec);
  await update({
    containerId,
    containerName: plan.spec.name,
    image: image.image,
    containerUser: plan.user,
  });
  // Copy before start when the image tells who its user is (as a plain create-copy-start
  // does); otherwise start first and ask inside.
  let identity = await identityFromImage(engine, containerId, plan.user);
  if (!identity) {
    await engine.startContainer(containerId);
    identity = await identifyUser(engine, containerId, plan.user);
  }

  hooks.progress(id, 'snapshot', 'copying your files', 0, snapshot.totalBytes);
  let lastTick = 0;
  const workspace: PopulateOptions = {
    plan: snapshot,
    commonDir: repo.commonDir,
    identity,
    user: plan.user,
    branch: state.info.branch,
    commit: repo.head,
    remotes: await readRemotes(repo.root),
    onProgress: (bytes, total) => {
      const t = Date.now();
      if (t - lastTick > 200 || bytes === total) {
        lastTick = t;
        hooks.progress(id, 'snapshot', 'copying your files', bytes, total);
      }
    },
  };
  await copyWorkspace(engine, containerId, workspace);

  // The credentials plan was made for the guessed home; re-plan its files if the image differs.
  const files: PlannedFile[] =
    identity.home === guessHome
      ? creds.files
      : (await planCreds(deps, config, identity.home, repo.root)).files;
  await putFiles(engine, containerId, [...ca.files, ...files], identity);
  if (!(await engine.inspectContainer(containerId))?.running)
    await engine.startContainer(containerId);
  hooks.progress(id, 'workspace', 'setting up the repository');
  await initWorkspace(engine, containerId, workspace);

  if (config.setupCommands.length) {
    // Setup commands see the forwarded credentials: their output reaches events/logs redacted.
    const redacted = redactingSink(log, creds);
    try {
      await runSetupCommands(engine, containerId, config.setupCommands, {
        user: plan.user,
        log: redacted.sink,
        onStep: (i) => {
          const total = config.setupCommands.length;
          hooks.progress(id, 'setup', `running setup command ${i + 1} of ${total}`, i, total);
        },
      });
    } finally {
      redacted.flush();
    }
  }
  await update({ status: 'running' });

  hooks.progress(id, 'agent', config.autoStartClaude ? 'starting the agent' : 'opening a shell');
  const spec = agentSpec(config, {
    user: plan.user,
    rootOnly: plan.rootOnly,
    prompt: input.prompt,
  });
  if (deps.launcher) {
    await deps.launcher.launch(state.info, spec).catch((e: unknown) => {
      log('system', `the agent terminal could not be opened: ${(e as Error).message}\n`);
    });
  } else {
    log('system', 'no terminal service is available: the agent was not started\n');
  }
  return state.info;
}

function homeGuess(user: string): string {
  const name = user.split(':')[0] ?? '';
  if (name === '' || name === 'root' || name === '0') return '/root';
  return `/home/${name}`;
}

async function planCreds(
  deps: SessionDeps,
  config: ResolvedConfig,
  containerHome: string,
  projectDir: string,
) {
  if (!deps.planCredentials)
    return { env: {} as Record<string, string>, files: [] as PlannedFile[] };
  return deps.planCredentials({
    env: deps.env,
    homeDir: deps.homeDir,
    platform: deps.platform,
    config,
    containerHome,
    projectDir,
  });
}
