/**
 * What every command runs with: its streams and environment (injected, so tests drive the
 * commands in-process), the session core the app uses (created on first use) and the engine.
 * The program is built from the same deps (src/cli/program.ts), and each command's action
 * makes its own context from them (run.ts's runner). Commands write through these (never
 * console.*).
 */
import { homedir } from 'node:os';
import type { Readable } from 'node:stream';
import type { Api } from '../../shared/contract';
import type { CommitSettings } from '../../main/commits/service';
import type { ForgeOptions } from '../../main/forge/pull-request';
import { appDataDir } from '../../main/app/paths';
import { type Core, createCore } from '../../main/core';
import { EngineProvider } from '../../main/engine/provider';
import type { Engine } from '../../main/engine/types';
import { createLocalApi } from '../../main/transport/local';
import type { TransportLog } from '../../main/transport/log';
import { type Out, type Paint, paint, useColor } from './output';

export type In = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export interface CliIO {
  stdout: Out;
  stderr: Out;
  stdin: In;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Serves the web UI on a core; the `web` command's server, handed in by src/cli/index.ts. */
export type WebLauncher = (
  core: Core,
  opts: { sessionId?: string; io: CliIO },
) => Promise<{ url: string; close(): Promise<void> }>;

export interface CliDeps {
  io: CliIO;
  version: string;
  /** The process's platform unless a test says otherwise (which browser opener, data dir). */
  platform?: NodeJS.Platform;
  homeDir?: string;
  web?: WebLauncher;
}

export interface CoreOverrides {
  commits?: Partial<CommitSettings>;
  /** Forge API bases and tokens (tests against loopback forges). */
  forge?: Partial<ForgeOptions>;
}

export class CliContext {
  readonly io: CliIO;
  readonly out: Paint;
  readonly err: Paint;
  private core: Promise<Core> | null = null;
  private api: Api | null = null;
  private engines: EngineProvider | null = null;

  constructor(
    readonly deps: CliDeps,
    private readonly overrides: CoreOverrides = {},
  ) {
    this.io = deps.io;
    this.out = paint(useColor(deps.io.stdout, deps.io.env));
    this.err = paint(useColor(deps.io.stderr, deps.io.env));
  }

  get platform(): NodeJS.Platform {
    return this.deps.platform ?? process.platform;
  }

  get homeDir(): string {
    return this.deps.homeDir ?? this.io.env.HOME ?? homedir();
  }

  get debug(): boolean {
    return Boolean(this.io.env.CCR_DEBUG);
  }

  print(text: string): void {
    this.io.stdout.write(text);
  }

  note(text: string): void {
    this.io.stderr.write(text);
  }

  /** The app's core, same data dir as the desktop app (so both see the same sessions). */
  getCore(): Promise<Core> {
    this.core ??= createCore({
      dataDir: appDataDir(this.io.env, this.platform, this.homeDir),
      mode: 'web',
      version: this.deps.version,
      env: this.io.env,
      homeDir: this.homeDir,
      ...(this.overrides.commits ? { commitOverrides: this.overrides.commits } : {}),
      ...(this.overrides.forge ? { forge: this.overrides.forge } : {}),
      importCommits: 'on-request',
    });
    return this.core;
  }

  /**
   * For commands that keep running (start, attach, the web UI): this process may then bring
   * the sessions' commits home, if no other process on the data dir does.
   */
  async importCommits(): Promise<void> {
    (await this.getCore()).startImporting();
  }

  /** The contract's methods over the in-process binding (validation included). */
  async getApi(): Promise<Api> {
    if (!this.api) this.api = createLocalApi(await this.getCore(), this.transportLog());
    return this.api;
  }

  /**
   * The engine found the way the app finds it (DOCKER_HOST, the current folder's config
   * `dockerSocketPath`, the usual sockets).
   */
  async getEngine(): Promise<Engine> {
    this.engines ??= new EngineProvider({ env: this.io.env, homeDir: this.homeDir });
    const config = await (
      await this.getApi()
    )
      .readConfig({ projectDir: this.io.cwd })
      .catch(() => null);
    const dockerSocketPath = config?.ok ? config.config.dockerSocketPath : undefined;
    return this.engines.get(dockerSocketPath ? { dockerSocketPath } : {});
  }

  async dispose(): Promise<void> {
    if (this.core) await (await this.core).dispose();
  }

  private transportLog(): TransportLog {
    const debug = this.debug;
    return {
      warn: (m) => {
        if (debug) this.note(`debug: ${m}\n`);
      },
      error: (m, e) => {
        if (debug) this.note(`debug: ${m}${e ? `: ${String((e as Error).stack ?? e)}` : ''}\n`);
      },
    };
  }
}
