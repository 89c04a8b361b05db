/**
 * The start pipeline, from a folder to an agent at work: checks, config, snapshot plan, image,
 * hardened container, workspace, credentials, setup commands, agent. Each failure is an
 * AppError; from the moment a container exists the session record stays (status 'failed') so
 * the container can be inspected.
 */
import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { NetworkPolicy } from '../../shared/schemas/network-policy';
import type { SessionInfo } from '../../shared/schemas/session';
import { SESSION_SCHEMA_VERSION } from '../../shared/schemas/session';
import type { ContainerSpec, Engine } from '../engine/types';
import { readRemotes, type RepoState } from '../git/repo-check';
import type { SnapshotPlan } from '../git/snapshot';
import { agentSpec } from './agent-spec';
import { prepare, type StartHooks, type StartRequest } from './start-prepare';
import { planContainer, sessionNameFromBranch } from './container-plan';
import type { PlannedFile, SessionDeps } from './deps';
import { redactingSink, sessionSecrets } from '../credentials/redact';
import { runSetupCommands, type LogSink } from './setup-commands';
import { imageReporter, setupMessage } from './start-messages';
import { recordStartingPoint } from './starting-point';
import { checkoutForkTip, forkConversation, type ForkFrom } from './fork';
import {
  copyWorkspace,
  identifyUser,
  identityFromImage,
  initWorkspace,
  putFiles,
  type PopulateOptions,
} from './workspace';

export type { StartHooks, StartRequest } from './start-prepare';

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
    baseCommit: req.fork?.commit ?? repo.head,
    ...(repo.branch ? { baseBranch: repo.branch } : {}),
    engine: { address: engine.info.address, kind: engine.info.kind },
    containerId: null,
    containerName: '',
    image: '',
    containerUser: '',
    status: 'starting',
    ...(req.configPath ? { configPath: req.configPath } : {}),
    createdAt: now(),
    updatedAt: now(),
  };
  await hooks.commit(info);
  const log = hooks.log(id);
  // The pipeline updates the record as it goes; on failure the newest version is marked failed.
  const state = { info };
  try {
    return await runPipeline(
      deps,
      engine,
      {
        state,
        repo,
        config,
        snapshot,
        prompt: req.prompt,
        network: req.network,
        fork: req.fork,
        mcpServers: req.mcpServers,
      },
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
    if (err.code === 'session-removed') {
      // Removed mid-start: clean up what this start made after the removal.
      if (state.info.containerId) {
        await engine
          .removeContainer(state.info.containerId, { force: true })
          .catch(() => undefined);
      }
      throw err;
    }
    if (failed.containerId) await hooks.commit(failed);
    else await hooks.discard(failed);
    throw err;
  }
}

interface PipelineInput {
  state: { info: SessionInfo };
  repo: RepoState;
  config: ResolvedConfig;
  snapshot: Promise<SnapshotPlan>;
  prompt?: string;
  network?: NetworkPolicy | undefined;
  fork?: ForkFrom | undefined;
  mcpServers?: string[] | undefined;
}

async function runPipeline(
  deps: SessionDeps,
  engine: Engine,
  input: PipelineInput,
  hooks: StartHooks,
  log: LogSink,
): Promise<SessionInfo> {
  const { repo, config } = input;
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
    onProgress: imageReporter((m, current, total) =>
      hooks.progress(id, 'image', m, current, total),
    ),
  });

  hooks.progress(id, 'credentials', 'looking for credentials to forward');
  const userGuess = config.containerUser?.trim() || image.user || '';
  const guessHome = homeGuess(userGuess);
  const creds = await planCreds(deps, config, guessHome, repo.root);
  // The chosen MCP servers, before any container: an unknown name refuses the start here.
  const mcp = deps.mcp
    ? await deps.mcp({ folder: repo.root, config, names: input.mcpServers })
    : null;
  for (const p of mcp?.problems ?? []) log('system', `warning: ${p}\n`);
  const ca = deps.planCaFiles
    ? await deps.planCaFiles(config, await engine.imageLabels(image.image))
    : { env: {}, files: [] };

  const net = deps.network
    ? await deps.network.plan({
        sessionId: id,
        folder: repo.root,
        config,
        ...(input.network ? { override: input.network } : {}),
      })
    : null;

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
    extraEnv: { ...ca.env, ...creds.env, ...(net?.env ?? {}) },
    ...(net ? { network: net.network } : {}),
  });
  const containerId = await createNamed(engine, plan.spec, id);
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

  const snapshot = await input.snapshot;
  for (const w of snapshot.warnings) log('system', `warning: ${w}\n`);
  hooks.progress(id, 'snapshot', 'copying your files', 0, snapshot.totalBytes);
  let lastTick = 0;
  const workspace: PopulateOptions = {
    plan: snapshot,
    commonDir: repo.commonDir,
    identity,
    user: plan.user,
    branch: state.info.branch,
    commit: input.fork?.commit ?? repo.head,
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
  hooks.progress(id, 'snapshot', 'putting credentials and settings into the container');
  const files: PlannedFile[] =
    identity.home === guessHome
      ? creds.files
      : (await planCreds(deps, config, identity.home, repo.root)).files;
  const withMcp = mcp ? mcp.addTo(files, identity.home) : files;
  await putFiles(engine, containerId, [...ca.files, ...withMcp], identity);
  if (!(await engine.inspectContainer(containerId))?.running) {
    hooks.progress(id, 'snapshot', 'starting the container');
    await engine.startContainer(containerId);
  }
  hooks.progress(id, 'workspace', 'setting up the repository');
  await initWorkspace(engine, containerId, workspace);
  // Before setup commands and the agent: only the user's own edits go into this commit.
  // A fork starts at the other session's tip instead, without the user's edits.
  const start = input.fork
    ? await checkoutForkTip(engine, containerId, {
        commit: input.fork.commit,
        user: plan.user,
        plan: snapshot,
        owner: identity,
      }).then(() => null)
    : await recordStartingPoint(engine, containerId, {
        plan: snapshot,
        owner: identity,
        user: plan.user,
        root: repo.root,
        userHead: repo.head,
      });
  if (start) await update({ baseCommit: start.commit, startingPoint: start });

  if (net?.gateway && deps.network) {
    // Setup commands (npm install…) need the network already; an image that cannot run the
    // gateway fails the start here rather than giving the agent an open network.
    hooks.progress(id, 'network', 'starting the network gateway');
    await deps.network.serve(state.info);
  }

  if (config.setupCommands.length) {
    // Setup commands see the forwarded credentials: their output reaches events/logs redacted.
    const secrets = sessionSecrets(creds, config);
    const redacted = redactingSink(
      log,
      mcp ? { ...secrets, values: [...(secrets.values ?? []), ...mcp.secrets] } : secrets,
    );
    try {
      await runSetupCommands(engine, containerId, config.setupCommands, {
        user: plan.user,
        log: redacted.sink,
        onStep: (i) => {
          const total = config.setupCommands.length;
          hooks.progress(id, 'setup', setupMessage(i, config.setupCommands), i, total);
        },
      });
    } finally {
      redacted.flush();
    }
  }
  if (mcp) {
    // After setup commands (they may install a server), before the agent: a missing command
    // would otherwise only show as a failed server inside Claude Code.
    const say = (m: string) => {
      hooks.progress(id, 'agent', m);
      log('system', `warning: ${m}\n`);
    };
    const checked = await mcp.check(engine, containerId, plan.user, say);
    if (checked) await update({ mcp: checked });
  }
  await update({ status: 'running' });

  const resume = input.fork?.conversation
    ? await forkConversation(
        deps,
        engine,
        containerId,
        identity,
        input.fork.conversation,
        { command: config.agent.command, user: plan.user },
        log,
      )
    : false;
  hooks.progress(id, 'agent', config.autoStartClaude ? 'starting the agent' : 'opening a shell');
  const spec = agentSpec(config, {
    user: plan.user,
    rootOnly: plan.rootOnly,
    prompt: input.prompt,
    resume,
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

/**
 * Creates the container under its plain name, or, when another container has that name (two
 * repos started in the same second get the same default branch), under the name plus a piece of
 * the session id.
 */
async function createNamed(
  engine: Engine,
  spec: ContainerSpec,
  sessionId: string,
): Promise<string> {
  try {
    return await engine.createContainer(spec);
  } catch (e) {
    if (!/already in use/i.test((e as Error).message)) throw e;
    spec.name = `${spec.name.slice(0, 110)}-${sessionId.slice(0, 6)}`;
    return engine.createContainer(spec);
  }
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
