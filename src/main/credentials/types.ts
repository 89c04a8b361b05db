/**
 * Shapes shared by the credential sources, and the builder they all write into. Each source
 * (claude.ts, cloud.ts, claude-config.ts, git-identity.ts, forge-tokens.ts) looks at the host,
 * adds env vars / files to forward and one report entry per thing it looked for.
 */
import type {
  ClaudeProvider,
  CredentialEntry,
  CredentialReport,
} from '../../shared/schemas/credentials';
import type { ResolvedConfig } from '../../shared/schemas/config';

export type { CredentialEntry, CredentialReport, ClaudeProvider };

/** The config keys the credentials domain reads. */
export type CredentialsConfig = Pick<
  ResolvedConfig,
  'claudeConfigPath' | 'forwardGitHubToken' | 'environment'
> &
  Partial<Pick<ResolvedConfig, 'envFileVars'>>;

export interface PlanFile {
  /** Absolute path in the container, always under the container user's home. */
  containerPath: string;
  content: Buffer;
  /** 0o600 for anything secret; such files are owned by the container user. */
  mode: number;
}

export interface CredentialPlan {
  /** Environment variables for the agent (and the container). */
  env: Record<string, string>;
  files: PlanFile[];
  report: CredentialReport;
}

/** Reads the macOS Keychain item; resolves null when there is none (or access was refused). */
export type KeychainReader = () => Promise<string | null>;
/** `git config --get <key>` as the user sees it in `cwd`; null when unset. */
export type GitConfigReader = (key: string, cwd: string) => Promise<string | null>;
/** The token `gh auth token` prints (from gh's own store), null when gh or a login is missing. */
export type GhTokenReader = () => Promise<string | null>;

export interface PlanCredentialsInput {
  env: NodeJS.ProcessEnv | Record<string, string | undefined>;
  homeDir: string;
  platform: NodeJS.Platform;
  config: CredentialsConfig;
  /** The container user's home, e.g. /home/claude (or /root for a root-only image). */
  containerHome: string;
  /** The project folder, where git identity is read (repo config can override the global). */
  projectDir?: string;
  readKeychain?: KeychainReader;
  readGitConfig?: GitConfigReader;
  readGhToken?: GhTokenReader;
}

/** Secret files get 0600; plain settings a user could see anyway get 0644. */
export const SECRET_MODE = 0o600;
export const PLAIN_MODE = 0o644;

/** Where a value was found; config-provided values win, as they do in the container. */
export interface Found {
  value: string;
  /** Words for the report: "env ANTHROPIC_API_KEY", "config environment ANTHROPIC_API_KEY". */
  source: string;
  fromConfig: boolean;
}

/** What every source writes into. Keeps env, files and the report in step. */
export class PlanBuilder {
  readonly env: Record<string, string> = {};
  readonly files: PlanFile[] = [];
  readonly entries: CredentialEntry[] = [];
  readonly notes: string[] = [];

  constructor(
    private readonly hostEnv: Record<string, string | undefined>,
    private readonly config: CredentialsConfig,
    readonly containerHome: string,
  ) {}

  /**
   * A variable as the container will see it: the config's `environment` (then its envFile)
   * overrides the host, since the sessions domain applies those on top.
   */
  lookup(name: string): Found | undefined {
    const fromEnvironment = this.config.environment[name];
    if (nonEmpty(fromEnvironment)) {
      return { value: fromEnvironment, source: `config environment ${name}`, fromConfig: true };
    }
    const fromEnvFile = this.config.envFileVars?.[name];
    if (nonEmpty(fromEnvFile)) {
      return { value: fromEnvFile, source: `config envFile ${name}`, fromConfig: true };
    }
    const fromHost = this.hostEnv[name];
    if (nonEmpty(fromHost)) return { value: fromHost, source: `env ${name}`, fromConfig: false };
    return undefined;
  }

  /** A host environment variable only (for host paths such as AWS_CONFIG_FILE). */
  hostValue(name: string): string | undefined {
    const v = this.hostEnv[name];
    return nonEmpty(v) ? v : undefined;
  }

  /** Names of host and config variables matching `pattern`. */
  namesMatching(pattern: RegExp): string[] {
    const names = new Set([
      ...Object.keys(this.hostEnv),
      ...Object.keys(this.config.envFileVars ?? {}),
      ...Object.keys(this.config.environment),
    ]);
    return [...names].filter((n) => pattern.test(n)).sort();
  }

  addEnv(name: string, value: string): string {
    this.env[name] = value;
    return `env ${name}`;
  }

  /** `relPath` is relative to the container home; returns the absolute container path. */
  addFile(relPath: string, content: Buffer, mode: number): string {
    const containerPath = `${this.containerHome.replace(/\/+$/, '')}/${relPath}`;
    const existing = this.files.findIndex((f) => f.containerPath === containerPath);
    if (existing >= 0) this.files.splice(existing, 1);
    this.files.push({ containerPath, content, mode });
    return containerPath;
  }

  entry(e: CredentialEntry): void {
    this.entries.push(e);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

export function nonEmpty(v: string | undefined | null): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** Claude Code reads its CLAUDE_CODE_USE_* switches as "1"/"true". */
export function isTruthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
}
