/**
 * The session core: every domain service wired together, with one handler per contract method.
 * Imports nothing from electron, so the Electron shell, the web server and the tests all run
 * the very same core.
 */
import type { Handlers } from '../shared/contract';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appHandlers } from './app/handlers';
import { recordSessionLogs } from './app/session-log';
import { type CommitSettings, commitHandlers, createCommitService } from './commits';
import { importerElection } from './commits/importer';
import { createLoginSync, loginSyncHandlers } from './claude-login';
import { credentialsHandlers, planCredentials } from './credentials';
import { configHandlers } from './config/handlers';
import { loadConfig } from './config/load';
import { EngineProvider, engineHandlers } from './engine';
import { EventBus } from './events';
import type { ForgeOptions } from './forge/pull-request';
import { imageHandlers } from './image/handlers';
import { MergeService, mergeHandlers } from './merge';
import { McpService, mcpHandlers } from './mcp';
import { NetworkService, networkHandlers } from './network';
import { PortForwarder } from './network/ports';
import { forgePrLookup } from './merge/pr-state';
import { runCommand } from './forge/tokens';
import { settingsFromConfig } from './commits/settings';
import { createReviewService, reviewHandlers } from './review';
import { createSessionService, engineResolver, sessionHandlers } from './sessions';
import { UsageService, usageHandlers } from './usage';
import { createTerminalService, terminalHandlers } from './terminals';

export interface CoreOptions {
  /** The app's data dir (session store, logs). */
  dataDir: string;
  mode: 'electron' | 'web';
  version: string;
  /** Environment to discover engines and credentials in; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Home directory for credentials and the user config; defaults to os.homedir(). */
  homeDir?: string;
  /** The CLI's --no-push / --no-pr: override the config's autoPush / autoCreatePR. */
  commitOverrides?: Partial<CommitSettings>;
  /** Forge API bases and tokens (tests against loopback forges, unusual installs). */
  forge?: Partial<ForgeOptions>;
  /**
   * 'on-request': join the data dir's importer election only when startImporting() is called.
   * A short command (claude-run list, diff, review…) then never becomes the importer: it would
   * only start commit watchers to stop them again, and wait for them on exit.
   */
  importCommits?: 'now' | 'on-request';
  /** Names the network gateway resolves to fixed addresses, like /etc/hosts (tests). */
  networkHosts?: Record<string, string>;
}

export interface Core {
  readonly bus: EventBus;
  readonly handlers: Handlers;
  /** Joins the importer election (a no-op when it already runs). */
  startImporting(): void;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const bus = new EventBus();
  const env = options.env ?? process.env;
  const homeDir = options.homeDir ?? homedir();
  const host = { env, homeDir, platform: process.platform };
  const engines = new EngineProvider({
    env,
    ...(options.homeDir ? { homeDir: options.homeDir } : {}),
    onStatusChange: (status) => bus.emit('engineStatusChanged', status),
  });
  const stopEngineWatch = engines.watch();
  // Subscribed first, so the log has every event the domains emit from here on.
  const sessionLogs = recordSessionLogs(bus, options.dataDir);
  // Sessions wire their lookup in with terminals.setSessionLookup(); terminals are their AgentLauncher.
  const terminals = createTerminalService({ bus, getSession: async () => null });
  const commits = createCommitService({
    bus,
    env,
    homeDir,
    ...(options.commitOverrides ? { overrides: options.commitOverrides } : {}),
    ...(options.forge ? { forge: options.forge } : {}),
    // Review of sessions that are not running (no status event since start-up).
    getSession: async (id) => sessions.manager.find(id) ?? undefined,
  });
  const engineAt = engineResolver(engines, env, homeDir);
  const network = new NetworkService({
    bus,
    dataDir: options.dataDir,
    env,
    homeDir,
    platform: process.platform,
    engineFor: (s) => engineAt(s.engine.address),
    getSession: async (id) => sessions.manager.find(id) ?? undefined,
    ...(options.networkHosts ? { hosts: options.networkHosts } : {}),
  });
  const ports = new PortForwarder({
    engineFor: (s) => engineAt(s.engine.address),
    onError: (id, port, e) =>
      console.warn(`network: a forwarded connection to port ${port} of session ${id} failed:`, e),
  });
  // A stopped session's forwarded ports close with it.
  const stopPortWatch = bus.subscribe((name, payload) => {
    if (name !== 'sessionStatus') return;
    const s = payload as { id: string; status: string };
    if (s.status !== 'running') ports.closeSession(s.id);
  });
  const mcp = new McpService(host);
  const sessions = createSessionService({
    network,
    mcp: (input) => mcp.planStart(input),
    bus,
    dataDir: options.dataDir,
    appVersion: options.version,
    env,
    homeDir,
    engines,
    launcher: terminals,
    planCredentials,
  });
  terminals.setSessionLookup(async (id) => sessions.manager.find(id));
  // Claude login sync: runs only in the elected process (setActive below).
  const loginSync = createLoginSync({
    bus,
    dataDir: options.dataDir,
    env,
    homeDir,
    platform: process.platform,
    engineFor: (s) => engineAt(s.engine.address),
  });
  // Token usage from the sessions' transcripts: watchers only in the elected process.
  const usage = new UsageService({
    bus,
    dataDir: options.dataDir,
    engineFor: (s) => engineAt(s.engine.address),
  });
  const review = createReviewService({
    bus,
    dataDir: options.dataDir,
    env,
    homeDir,
    getSession: async (id) => {
      await sessions.ready.catch(() => undefined);
      return sessions.manager.find(id);
    },
    terminals,
  });
  // Watchers follow the records, whoever changed them (this process, another one, a reload).
  const stopSync = sessions.manager.onRecordsChange((all) => {
    void commits.sync(all);
    void network.sync(all).catch(() => undefined);
    void loginSync.sync(all).catch(() => undefined);
    void usage.sync(all);
  });
  // The elected process runs every session's commit watcher and network gateway.
  const importer = importerElection({
    lockFile: join(options.dataDir, 'sessions', 'importer.lock'),
    runner: {
      setImporting: async (mine, all) => {
        await Promise.all([
          commits.setImporting(mine, all),
          network.setActive(mine, all),
          loginSync.setActive(mine, all),
          usage.setActive(mine, all),
        ]);
      },
    },
    sessions: () => sessions.manager.list().sessions,
  });
  const startImporting = () =>
    void sessions.ready.then(
      () => importer.start(),
      () => undefined,
    );
  if (options.importCommits !== 'on-request') startImporting();
  // A removed session's comments and merge record go with it (its branch stays).
  const removeSession = async (id: string, opts: { force?: boolean } = {}) => {
    const gone = await sessions.manager.remove(id, opts);
    ports.closeSession(id);
    await Promise.all([
      review.forget(id),
      merge.records.remove(id),
      network.forget(id),
      usage.forget(id),
    ]).catch(() => undefined);
    return gone;
  };
  const mergeSettings = settingsFromConfig(host);
  const merge = new MergeService({
    bus,
    dataDir: options.dataDir,
    getSession: async (id) => {
      await sessions.ready.catch(() => undefined);
      return sessions.manager.get(id);
    },
    removeSession: (id) => removeSession(id),
    engineAt,
    pushRemote: async (s) => (await mergeSettings(s)).pushRemote,
    prState: forgePrLookup(
      () => ({ env, run: runCommand, ...options.forge }),
      async (s) => (await mergeSettings(s)).pushRemote,
    ),
    // The same way to the agent as review comments: held until it waits for input.
    sendToAgent: (id, text) => review.deliver(id, text, 'when-waiting'),
  });
  const handlers: Handlers = {
    getAppInfo: async () => ({ version: options.version, mode: options.mode }),
    ...terminalHandlers(terminals),
    ...sessionHandlers(sessions.manager, sessions.ready, host),
    ...commitHandlers(commits),
    ...appHandlers({ dataDir: options.dataDir, homeDir }),
    ...engineHandlers({
      provider: engines,
      socketPathFor: async (projectDir) => {
        const r = await loadConfig({ projectDir, ...host });
        return r.ok ? r.config.dockerSocketPath : undefined;
      },
    }),
    ...imageHandlers(),
    ...reviewHandlers(review),
    ...mergeHandlers(merge),
    ...networkHandlers({
      network,
      ports,
      getSession: async (id) => {
        await sessions.ready.catch(() => undefined);
        return sessions.manager.find(id) ?? undefined;
      },
    }),
    ...credentialsHandlers(host),
    ...usageHandlers(usage),
    ...loginSyncHandlers(loginSync),
    ...mcpHandlers(mcp),
    ...configHandlers(host),
    removeSession: async ({ id, force }) => {
      await sessions.ready;
      return removeSession(id, { force });
    },
  };
  return {
    bus,
    handlers,
    startImporting,
    async dispose() {
      stopEngineWatch();
      stopSync();
      merge.dispose();
      stopPortWatch();
      ports.dispose();
      await network.dispose();
      await loginSync.dispose();
      sessions.manager.dispose();
      await importer.stop();
      await usage.dispose();
      review.dispose();
      terminals.dispose();
      commits.dispose();
      sessionLogs.dispose();
      await sessionLogs.flush();
    },
  };
}
