/**
 * What the sessions domain needs from the others, as plain functions: the core passes the real
 * ones (engine provider, loadConfig, ensureImage, planCredentials, the terminals service), tests
 * pass the same real ones pointed at the test engines.
 */
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { NetworkPolicy } from '../../shared/schemas/network-policy';
import type { SessionInfo } from '../../shared/schemas/session';
import type { EventBus } from '../events';
import type { ConfigLoadResult } from '../config/resolved';
import type { Engine } from '../engine/types';
import type { AgentLauncher } from './agent-launcher';
import type { McpStart } from '../mcp/service';

export interface ImageProgressLike {
  message: string;
  current?: number;
  total?: number;
}

export type ImageEnsurer = (
  engine: Engine,
  opts: {
    config: ResolvedConfig;
    projectDir: string;
    appVersion: string;
    onProgress?: (p: ImageProgressLike) => void;
  },
) => Promise<{ image: string; user: string | null }>;

export interface PlannedFile {
  containerPath: string;
  content: Buffer;
  mode: number;
}

/** Structurally the credentials domain's planCredentials. */
export type CredentialPlanner = (input: {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  config: ResolvedConfig;
  containerHome: string;
  projectDir?: string;
}) => Promise<{ env: Record<string, string>; files: PlannedFile[] }>;

/** Files and env that make the container trust the configured extra CA certificates. */
export type CaPlanner = (
  config: ResolvedConfig,
  imageLabels: Record<string, string> | null,
) => Promise<{ env: Record<string, string>; files: PlannedFile[] }>;

export interface SessionDeps {
  bus: EventBus;
  dataDir: string;
  appVersion: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  /** The engine new sessions start on. */
  getEngine(): Promise<Engine>;
  /** The engine an existing record lives on (by its stored address). */
  engineAt(address: string): Promise<Engine>;
  loadConfig(opts: {
    projectDir: string;
    configPath?: string;
    env: NodeJS.ProcessEnv;
    homeDir: string;
    platform: NodeJS.Platform;
  }): Promise<ConfigLoadResult>;
  ensureImage: ImageEnsurer;
  planCredentials?: CredentialPlanner;
  planCaFiles?: CaPlanner;
  /** Null until a terminal service exists; then sessions start without an agent terminal. */
  launcher: AgentLauncher | null;
  /** The network boundary (allowlist gateway); absent: the config's engine network as is. */
  network?: SessionNetwork;
  /** The user's MCP servers chosen for the start (src/main/mcp); absent: none are written. */
  mcp?: SessionMcpPlanner;
  now?: () => Date;
}

/** What the start pipeline asks of the MCP domain (structurally McpService.planStart). */
export type SessionMcpPlanner = (input: {
  folder: string;
  config: ResolvedConfig;
  names?: readonly string[] | undefined;
}) => Promise<McpStart>;

/** What the start pipeline asks of the network domain. */
export interface SessionNetwork {
  /**
   * Decides a new session's network (the start panel's choice, else the configs, else the
   * project's detected allowlist) and records it: the engine network and the env it needs.
   */
  plan(input: {
    sessionId: string;
    folder: string;
    config: ResolvedConfig;
    override?: NetworkPolicy;
  }): Promise<{ network: string; env: Record<string, string>; gateway: boolean }>;
  /** Starts serving the session's gateway (before setup commands); rejects when it cannot. */
  serve(info: SessionInfo): Promise<void>;
  /** A session's recorded policy and its "allow for this session" hosts (a fork inherits them). */
  state?(sessionId: string): Promise<{ policy: NetworkPolicy; sessionAllow: string[] }>;
}
