/**
 * The config file schema: the single source of truth for `claude-run.config.json` and the
 * user-level config file. It validates both, generates the shipped JSON Schema
 * (schemas/claude-run.config.schema.json) and the reference docs (docs/config.md).
 *
 * Every key is optional in a file (files are layered: defaults < user file < project file), so
 * defaults live in CONFIG_DEFAULTS and are only shown in the schema (`default` + description),
 * never applied while parsing one file.
 */
import { z } from 'zod';
import {
  CONTAINER_USER,
  ENV_NAME,
  LIMIT_MAX,
  MIN_DISK_BYTES,
  MIN_MEMORY_BYTES,
  NAME_TOKEN,
  REMOTE_NAME,
  parseMemory,
  parseVolume,
} from './config-formats';
import { HostPattern, NetworkPolicy } from './schemas/network-policy';
import { McpServerName } from './schemas/mcp';

export const CONFIG_DEFAULTS = {
  dockerImage: 'claude-code-runner:latest',
  buildImage: true,
  buildArgs: {} as Record<string, string>,
  detached: false,
  autoPush: false,
  autoCreatePR: false,
  autoStartClaude: true,
  environment: {} as Record<string, string>,
  setupCommands: [] as string[],
  volumes: [] as string[],
  mounts: [] as { source: string; target: string; readonly?: boolean }[],
  allowedTools: ['*'],
  containerPrefix: 'claude-code-runner',
  claudeConfigPath: '~/.claude.json',
  agent: {
    command: ['claude', '--dangerously-skip-permissions'],
    feedback: { mode: 'paste' as 'paste' | 'command' },
  },
  resources: { memory: '4g', cpus: 2, pids: 1024 },
  allowEngineSocketMount: false,
  forwardGitHubToken: false,
  extraCaCertificates: [] as string[],
  includeIgnored: [] as string[],
  terminalScrollback: 10000,
  pushRemote: 'origin',
};

/** An optional key with its documentation; the default (if any) is appended to the text. */
function key<T extends z.ZodType>(schema: T, doc: string, defaultValue?: unknown) {
  const text =
    defaultValue === undefined ? doc : `${doc} Default: \`${JSON.stringify(defaultValue)}\`.`;
  const described = schema.optional().describe(text);
  return defaultValue === undefined ? described : described.meta({ default: defaultValue });
}

const D = CONFIG_DEFAULTS;
const nonEmpty = z.string().min(1, { error: 'expected a non-empty string' });
const pathString = nonEmpty.max(4096, { error: 'expected a path of at most 4096 characters' });
const envName = z.string().regex(ENV_NAME, {
  error: 'expected an environment variable name (letters, digits and _, not starting with a digit)',
});
const nameToken = (what: string) =>
  z
    .string()
    .max(63, { error: `expected a ${what} of at most 63 characters` })
    .regex(NAME_TOKEN, {
      error: `expected a ${what} made of letters, digits, "_", "." and "-", starting with a letter or digit`,
    });
/** A size like "4g" between `min` and `max` (both in the same notation in the message). */
const size = (min: number, minText: string, maxText: string) =>
  z.string().refine(
    (v) => {
      const bytes = parseMemory(v);
      return bytes !== undefined && bytes >= min && bytes <= parseMemory(maxText)!;
    },
    {
      error: `expected a size from ${minText} to ${maxText}, like "512m" or "4g" (units b, k, m, g, t)`,
    },
  );
const memory = size(MIN_MEMORY_BYTES, '6m', LIMIT_MAX.memory);
const disk = size(MIN_DISK_BYTES, '100m', LIMIT_MAX.disk);
const atMost = (max: number, unit: string) => ({
  error: `expected at most ${max} ${unit} (the documented maximum)`,
});
// Globs pick files inside the repository; one that starts at / or climbs out with .. would copy
// host files the user never meant to hand to the agent.
const repoGlob = nonEmpty.refine(
  (g) => !/^([\\/]|[A-Za-z]:)/.test(g) && !/(^|[\\/])\.\.([\\/]|$)/.test(g),
  {
    error:
      'expected a glob relative to the repository root, without a leading "/" or ".." segments',
  },
);
// An image reference as docker/podman take it (registry/name:tag@digest); never an option.
const imageRef = nonEmpty
  .max(512, { error: 'expected an image reference of at most 512 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, {
    error: 'expected an image reference like "registry.example.com/mirror/node:22-bookworm-slim"',
  });
const buildArgName = z
  .string()
  .regex(ENV_NAME, {
    error: 'expected a build argument name (letters, digits and _, not starting with a digit)',
  })
  .refine((n) => n !== 'APP_VERSION', {
    error: 'APP_VERSION is set by the app (it labels the image); choose another name',
  });
const volume = z.string().superRefine((v, ctx) => {
  const parsed = parseVolume(v);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});

export const MountSchema = z
  .object({
    source: pathString.describe(
      'Path on the host. Relative paths resolve from the project folder; `~` and `$HOME` expand.',
    ),
    target: pathString.describe(
      'Path in the container. Relative paths resolve under /workspace and may not leave it.',
    ),
    readonly: key(z.boolean(), 'Mount read-only.', false),
  })
  .strict();

export const FeedbackSchema = z
  .object({
    mode: z
      .enum(['paste', 'command'], { error: 'expected "paste" or "command"' })
      .describe('"paste" into the agent\'s terminal, or run "command".'),
    command: key(
      z.array(nonEmpty).min(1, { error: 'expected at least the program to run' }),
      'With mode "command": the program and its arguments; the message arrives on its stdin.',
    ),
  })
  .strict()
  .refine((f) => f.mode !== 'command' || f.command !== undefined, {
    error: 'mode "command" needs a `command` (the program and its arguments)',
  });

export const AgentSchema = z
  .object({
    command: key(
      z.array(nonEmpty).min(1, { error: 'expected at least the program to run' }),
      'The agent program and its arguments, run in /workspace inside the container.',
      D.agent.command,
    ),
    prompt: key(z.string(), 'A first prompt passed to the agent when a session starts.'),
    resume: key(
      z.array(nonEmpty),
      'Arguments added to the agent command when a session\'s agent starts again (Restart, a fork with its conversation) so it continues its conversation; "Restart fresh" leaves them out. For `claude` they are added only when the session has a conversation to continue (`claude --continue` refuses to start without one). Default: `["--continue"]` when the command is `claude`, else `[]`.',
    ),
    feedback: key(
      FeedbackSchema,
      'How review messages reach the agent: "paste" (one bracketed paste, then Enter, into its terminal) or "command" (`command` run in /workspace inside the container with the message on stdin).',
      D.agent.feedback,
    ),
  })
  .strict();

export const ResourcesSchema = z
  .object({
    memory: key(
      memory,
      `Memory limit of the container, like "512m" or "4g"; at most "${LIMIT_MAX.memory}".`,
      D.resources.memory,
    ),
    cpus: key(
      z
        .number()
        .positive({ error: 'expected a number of CPUs above 0' })
        .max(LIMIT_MAX.cpus, atMost(LIMIT_MAX.cpus, 'CPUs')),
      `CPU limit of the container (fractions allowed, e.g. 1.5); at most ${LIMIT_MAX.cpus}.`,
      D.resources.cpus,
    ),
    pids: key(
      z
        .int({ error: 'expected a whole number' })
        .min(16, { error: 'expected at least 16' })
        .max(LIMIT_MAX.pids, atMost(LIMIT_MAX.pids, 'processes')),
      `Maximum number of processes in the container (stops fork bombs); at most ${LIMIT_MAX.pids}.`,
      D.resources.pids,
    ),
    disk: key(
      disk,
      `Size limit of the container's writable layer (what the agent writes outside /workspace and mounts), like "10g"; at most "${LIMIT_MAX.disk}"; unset: no limit. Needs engine support (Docker: overlay2 on xfs mounted with pquota, or btrfs/zfs; Podman: overlay on xfs with pquota): where the engine refuses it, the session does not start and says so. See docs/security-model.md.`,
    ),
  })
  .strict();

export const ConfigSchema = z
  .object({
    $schema: key(z.string(), 'Where editors find this JSON Schema; ignored by the app.'),
    dockerImage: key(nonEmpty, 'Image to run sessions in.', D.dockerImage),
    buildImage: key(
      z.boolean(),
      'Build the image locally (true) or use a local or pulled image as is (false).',
      D.buildImage,
    ),
    dockerfile: key(
      pathString,
      'Custom Dockerfile to build instead of the bundled one; its folder is the build context. Relative to the config file that sets it.',
    ),
    baseImage: key(
      imageRef,
      'Base image of the bundled recipe (its BASE_IMAGE build argument), e.g. your registry mirror of node:22-bookworm-slim; it must be Debian bookworm or newer based. Extra CA certificates still apply. Unset: node:22-bookworm-slim.',
    ),
    buildArgs: key(
      z.record(
        buildArgName,
        z
          .string({ error: 'expected a string (quote numbers: "1000")' })
          .max(4096, { error: 'expected at most 4096 characters' })
          .refine((v) => !v.includes('\0'), { error: 'expected no NUL character' }),
      ),
      'Build arguments for the image build (the bundled recipe, or your `dockerfile`), e.g. {"NODE_VERSION": "22.12.0"}; `baseImage` wins over a BASE_IMAGE here.',
      D.buildArgs,
    ),
    detached: key(
      z.boolean(),
      'Start sessions in the background without opening a terminal.',
      D.detached,
    ),
    autoPush: key(
      z.boolean(),
      'Push the session branch after each commit is accepted (nothing leaves the machine without a click by default).',
      D.autoPush,
    ),
    autoCreatePR: key(
      z.boolean(),
      'Open a pull request for the session branch after pushing.',
      D.autoCreatePR,
    ),
    autoStartClaude: key(
      z.boolean(),
      'Start the agent as soon as the container runs (false: open a shell instead).',
      D.autoStartClaude,
    ),
    envFile: key(
      pathString,
      'A .env file (KEY=VALUE lines) whose variables are set in the container. Relative to the config file that sets it. Its values are never shown.',
    ),
    environment: key(
      z.record(envName, z.string({ error: 'expected a string (quote numbers: "3000")' })),
      'Extra environment variables for the container. Values of secret-looking names are never shown.',
      D.environment,
    ),
    setupCommands: key(
      z.array(nonEmpty),
      'Shell commands run in /workspace after the container starts (e.g. "npm install").',
      D.setupCommands,
    ),
    volumes: key(
      z.array(volume),
      'Legacy mounts as "host:container[:ro|rw]" strings; same rules as `mounts`.',
      D.volumes,
    ),
    mounts: key(z.array(MountSchema), 'Files or folders to mount into the container.', D.mounts),
    allowedTools: key(
      z.array(nonEmpty),
      'Claude tool permissions ("*" allows all).',
      D.allowedTools,
    ),
    maxThinkingTokens: key(
      z
        .int({ error: 'expected a whole number' })
        .positive({ error: 'expected a whole number above 0' })
        .max(LIMIT_MAX.maxThinkingTokens, atMost(LIMIT_MAX.maxThinkingTokens, 'tokens')),
      `Maximum thinking tokens for Claude (MAX_THINKING_TOKENS); at most ${LIMIT_MAX.maxThinkingTokens}; unset: Claude decides.`,
    ),
    bashTimeout: key(
      z
        .int({ error: 'expected a whole number of milliseconds' })
        .positive({ error: 'expected a number of milliseconds above 0' })
        .max(LIMIT_MAX.bashTimeout, atMost(LIMIT_MAX.bashTimeout, 'milliseconds (24 hours)')),
      `Timeout of Claude bash commands in milliseconds (BASH_MAX_TIMEOUT_MS); at most ${LIMIT_MAX.bashTimeout} (24 hours); unset: Claude decides.`,
    ),
    containerPrefix: key(
      nameToken('container-name prefix'),
      'Prefix of container names.',
      D.containerPrefix,
    ),
    claudeConfigPath: key(
      pathString,
      'Claude configuration file on the host to forward. Relative to the config file that sets it.',
      D.claudeConfigPath,
    ),
    dockerSocketPath: key(
      pathString,
      'Docker/Podman socket path or URL (unix://, tcp://, ssh://); unset: auto-detected.',
    ),
    agent: key(AgentSchema, 'The CLI agent run in the container.', D.agent),
    resources: key(ResourcesSchema, 'Resource limits of each session container.', D.resources),
    network: key(
      NetworkPolicy,
      'The session\'s network: "default" (the engine\'s bridge: open to the internet and your LAN), "none", "host", a network name, or an allowlist `{"egress": "allowlist", "allow": ["github.com", "*.npmjs.org", "pypi.org:443"], "presets": ["npm", "github"]}` that the app\'s gateway enforces (entries: a host, `*.domain` for its subdomains, or an IP, with an optional `:port`; without one, 80 and 443). Unset: an allowlist with the presets the project suggests (package.json → npm, the forge of its origin, …). An untrusted project file may only narrow your own setting. See docs/network.md.',
    ),
    projectNetworkAllow: key(
      z.record(
        z
          .string()
          .max(4096)
          .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, {
            error: 'expected an absolute folder path',
          }),
        z.array(HostPattern).max(500, { error: 'expected at most 500 entries' }),
      ),
      'User-level file only: extra allowlist entries per project folder (absolute path → entries), added to every allowlist session of that folder. "Always allow for this project" writes here. A project file may not set it.',
    ),
    projectMcpServers: key(
      z.record(
        z
          .string()
          .max(4096)
          .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, {
            error: 'expected an absolute folder path',
          }),
        z.array(McpServerName).max(200, { error: 'expected at most 200 MCP server names' }),
      ),
      "User-level file only: which of your own MCP servers (user scope `mcpServers` of ~/.claude.json) the sessions of a project folder get (absolute path → server names); the start panel's MCP checklist writes here. Unlisted folders get none. A project file may not set it. See docs/claude-code.md.",
    ),
    containerUser: key(
      z.string().regex(CONTAINER_USER, { error: 'expected "user", "uid" or "user:group"' }),
      "User to run as in the container; unset: the image's USER.",
    ),
    allowEngineSocketMount: key(
      z.boolean(),
      'Allow mounts of the Docker/Podman socket (gives the agent control of the host).',
      D.allowEngineSocketMount,
    ),
    forwardGitHubToken: key(
      z.boolean(),
      'Forward the GitHub token (GH_TOKEN/GITHUB_TOKEN or gh auth) into the container.',
      D.forwardGitHubToken,
    ),
    extraCaCertificates: key(
      z.array(pathString),
      'PEM CA certificate files added to the image trust store (corporate proxies). Relative to the config file that sets them.',
      D.extraCaCertificates,
    ),
    includeIgnored: key(
      z.array(repoGlob),
      'Globs of git-ignored files to copy into the container anyway (e.g. ".env.local"), relative to the repository root.',
      D.includeIgnored,
    ),
    terminalScrollback: key(
      z
        .int({ error: 'expected a whole number of lines' })
        .min(0, { error: 'expected 0 or more lines' })
        .max(LIMIT_MAX.terminalScrollback, atMost(LIMIT_MAX.terminalScrollback, 'lines')),
      `Lines of scrollback kept per terminal; at most ${LIMIT_MAX.terminalScrollback} (each line of a wide terminal costs kilobytes of memory).`,
      D.terminalScrollback,
    ),
    pushRemote: key(
      z.string().regex(REMOTE_NAME, { error: 'expected a git remote name like "origin"' }),
      'Git remote that session branches are pushed to.',
      D.pushRemote,
    ),
  })
  .strict()
  .describe('Claude Code Runner configuration (claude-run.config.json or the user-level config).');

/** One config file as written (every key optional). */
export type UserConfig = z.infer<typeof ConfigSchema>;
export type MountConfig = z.infer<typeof MountSchema>;

/** Top-level key names, for did-you-mean suggestions and docs. */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof UserConfig)[];
