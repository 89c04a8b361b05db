/**
 * What the sessions domain needs from the others, as plain functions: the core passes the real
 * ones (engine provider, loadConfig, ensureImage, planCredentials, the terminals service), tests
 * pass the same real ones pointed at the test engines.
 */
import type { ResolvedConfig } from '../../shared/schemas/config';
import type { EventBus } from '../events';
import type { ConfigLoadResult } from '../config/resolved';
import type { Engine } from '../engine/types';
import type { AgentLauncher } from './agent-launcher';

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
  now?: () => Date;
}
