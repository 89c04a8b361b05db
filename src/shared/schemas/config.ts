/**
 * Payloads of the config methods (readConfig, validateConfig) and the shape of the effective
 * config every domain reads (ResolvedConfig).
 */
import { z } from 'zod';
import { NetworkPolicy } from './network-policy';

/** One problem in one config file: which file, which key, what is expected. */
export const ConfigIssue = z.object({
  /** Absolute path of the file the problem is in (config file, envFile, certificate…). */
  file: z.string(),
  /** Key path like `mounts[1].target`; '' for the whole file. */
  path: z.string(),
  /** What is wrong and what is expected. Never contains a secret value. */
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type ConfigIssue = z.infer<typeof ConfigIssue>;

export const ResolvedMount = z.object({
  /** Absolute host path. */
  source: z.string(),
  /** Absolute container path. */
  target: z.string(),
  readonly: z.boolean(),
});
export type ResolvedMount = z.infer<typeof ResolvedMount>;

/**
 * The effective config: defaults applied, files layered, `~`/`$HOME` expanded, paths absolute,
 * `volumes` + `mounts` merged into `mounts`, memory in bytes, envFile parsed.
 */
export const ResolvedConfig = z.object({
  dockerImage: z.string(),
  buildImage: z.boolean(),
  dockerfile: z.string().optional(),
  /** BASE_IMAGE of the bundled recipe; absent: the recipe's own default. */
  baseImage: z.string().optional(),
  buildArgs: z.record(z.string(), z.string()),
  detached: z.boolean(),
  autoPush: z.boolean(),
  autoCreatePR: z.boolean(),
  autoStartClaude: z.boolean(),
  envFile: z.string().optional(),
  /** Variables parsed from envFile (secret: shown only redacted). */
  envFileVars: z.record(z.string(), z.string()),
  environment: z.record(z.string(), z.string()),
  setupCommands: z.array(z.string()),
  mounts: z.array(ResolvedMount),
  allowedTools: z.array(z.string()),
  maxThinkingTokens: z.number().int().optional(),
  bashTimeout: z.number().int().optional(),
  containerPrefix: z.string(),
  claudeConfigPath: z.string(),
  dockerSocketPath: z.string().optional(),
  agent: z.object({
    command: z.array(z.string()).min(1),
    prompt: z.string().optional(),
    /** Added when the agent starts again with its conversation (see agent-spec.ts). */
    resume: z.array(z.string()),
    feedback: z
      .object({
        mode: z.enum(['paste', 'command']),
        command: z.array(z.string()).min(1).optional(),
      })
      .optional(),
  }),
  resources: z.object({
    memoryBytes: z.number(),
    cpus: z.number(),
    pidsLimit: z.number().int(),
    /** Size limit of the container's writable layer; absent: none. */
    diskBytes: z.number().optional(),
  }),
  /** Absent: "auto", an allowlist of the presets the project suggests (networkPlan decides). */
  network: NetworkPolicy.optional(),
  containerUser: z.string().optional(),
  allowEngineSocketMount: z.boolean(),
  forwardGitHubToken: z.boolean(),
  extraCaCertificates: z.array(z.string()),
  includeIgnored: z.array(z.string()),
  terminalScrollback: z.number().int(),
  pushRemote: z.string(),
});
export type ResolvedConfig = z.infer<typeof ResolvedConfig>;

/** A project-file setting that is ignored until the user trusts the file (see config/trust.ts). */
export const UntrustedSetting = z.object({
  key: z.string(),
  /** What the setting can do, in a few words. */
  why: z.string(),
  /** Its value as shown to the user (paths, commands; names only for environment variables). */
  value: z.string(),
});
export type UntrustedSetting = z.infer<typeof UntrustedSetting>;

/** A project config file whose powerful settings are ignored until it is trusted. */
export const UntrustedConfig = z.object({
  file: z.string(),
  /** sha256 of the content shown: trusting applies to exactly this content. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  settings: z.array(UntrustedSetting).min(1),
});
export type UntrustedConfig = z.infer<typeof UntrustedConfig>;

export const ConfigReadResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The effective config with secrets redacted (see redactConfig). */
    config: ResolvedConfig,
    /** Config files used, lowest precedence first. */
    sources: z.array(z.string()),
    /** The project file's settings that are ignored until the file is trusted. */
    untrusted: UntrustedConfig.optional(),
  }),
  z.object({ ok: z.literal(false), issues: z.array(ConfigIssue) }),
]);
export type ConfigReadResult = z.infer<typeof ConfigReadResult>;

export const ConfigValidation = z.object({ ok: z.boolean(), issues: z.array(ConfigIssue) });
export type ConfigValidation = z.infer<typeof ConfigValidation>;
