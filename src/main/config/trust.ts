/**
 * Project config files come with the repository, so whoever wrote the repository wrote them. A
 * cloned repo's claude-run.config.json must not be able to mount ~/.ssh into the container,
 * read a host file into its environment, point the agent at another API endpoint with your
 * token, replace the agent or run setup commands next to your credentials, or push without a
 * click. So from a project file only settings that stay inside the sandbox are read until the
 * user trusts that file, and trust is for its exact content (a changed file asks again).
 *
 * Settings from the user-level file, and from a file named explicitly (`-c`), are the user's
 * own and always apply.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UntrustedSetting } from '../../shared/schemas/config';
import type { LayerValues } from './layer';
import { userConfigPath, type PlatformEnv } from './paths';
import { isSecretName, redactValue } from './redact';
import { raisedLimits, withoutLimits } from './trust-limits';
import { describeNetwork, narrowsNetwork } from '../network/policy/narrow';
import type { NetworkPolicy } from '../../shared/schemas/network-policy';
import { withFileLock } from '../app/process-lock';
import { writeFileAtomic } from '../app/atomic-write';

/** Keys a project file may set without being trusted: they cannot reach outside the sandbox. */
const SAFE_KEYS = new Set([
  'allowedTools',
  'maxThinkingTokens',
  'bashTimeout',
  'containerPrefix',
  'terminalScrollback',
  'detached',
  'autoStartClaude',
  'resources',
]);

/** Why each other key needs trust, in the words the trust question shows. */
const WHY: Record<string, string> = {
  mounts: 'mounts host files or folders into the container',
  volumes: 'mounts host files or folders into the container',
  envFile: 'reads a file on this computer into the container’s environment',
  environment:
    'sets environment variables for the agent (an API address among them could redirect your token)',
  claudeConfigPath: 'forwards a file on this computer as the Claude configuration',
  extraCaCertificates: 'adds certificates from this computer to the image’s trusted roots',
  dockerfile: 'builds the image from its own Dockerfile',
  baseImage: 'builds the image on another base image (its code runs next to your credentials)',
  buildArgs: 'passes build arguments to the image build (they can change what goes into the image)',
  dockerImage: 'runs the session in another image (your credentials go into it)',
  buildImage: 'changes whether the image is built here or used as found',
  dockerSocketPath: 'chooses which container engine (possibly a remote one) runs the session',
  allowEngineSocketMount:
    'allows mounting the container engine’s socket (control of this computer)',
  network:
    'opens the container’s network wider than yours (more hosts, the open internet, or this computer’s services)',
  forwardGitHubToken: 'forwards your GitHub token into the container',
  containerUser: 'chooses the user the agent runs as in the container',
  includeIgnored: 'copies git-ignored files (often local secrets) into the container',
  agent: 'replaces the agent command (it runs next to your credentials)',
  setupCommands: 'runs commands in the container next to your credentials',
  autoPush: 'pushes the session branch without asking',
  autoCreatePR: 'opens pull requests without asking',
  pushRemote: 'chooses the remote the branch is pushed to',
};

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function quoted(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A text with line breaks or other control characters is shown JSON-quoted: one honest line. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s) ? JSON.stringify(s) : s;
}

/**
 * A setting's whole value as the trust question shows it, one item per line. Everything that
 * decides what happens is visible (the agent's prompt, where an API address points); only
 * values of secret-looking names are replaced by their length.
 */
function summarize(key: string, values: LayerValues): string {
  const v = (values as Record<string, unknown>)[key];
  if (key === 'mounts' || key === 'volumes') {
    return (v as { source: string; target: string; readonly: boolean }[])
      .map((m) => `${oneLine(m.source)} → ${oneLine(m.target)}${m.readonly ? ' (read-only)' : ''}`)
      .join('\n');
  }
  if (key === 'environment') {
    return Object.entries(v as Record<string, string>)
      .map(([name, value]) =>
        isSecretName(name)
          ? `${name}=(secret, ${[...value].length} characters, not shown)`
          : `${name}=${oneLine(redactValue(name, value))}`,
      )
      .join('\n');
  }
  if (key === 'agent') {
    const agent = v as {
      command?: string[];
      prompt?: string;
      resume?: string[];
      feedback?: { mode: string; command?: string[] };
    };
    const lines: string[] = [];
    // Quoted for reading, so the argument boundaries are visible (never run).
    if (agent.command)
      lines.push(`command: ${agent.command.map((a) => oneLine(quoted(a))).join(' ')}`);
    if (agent.prompt !== undefined) lines.push(`prompt: ${oneLine(agent.prompt)}`);
    if (agent.resume)
      lines.push(`resume args: ${agent.resume.map((a) => oneLine(quoted(a))).join(' ')}`);
    if (agent.feedback?.command)
      lines.push(
        `feedback command: ${agent.feedback.command.map((a) => oneLine(quoted(a))).join(' ')}`,
      );
    return lines.join('\n');
  }
  if (key === 'network') return oneLine(describeNetwork(v as NetworkPolicy));
  if (Array.isArray(v)) return v.map((x) => oneLine(String(x))).join('\n');
  return oneLine(String(v));
}

/**
 * The settings of a project file that need trust (a `network` that only narrows the user's
 * never does: see network/policy/narrow.ts), and the limits it raises above `allowed` (the
 * defaults merged with the user's own file).
 */
export function settingsNeedingTrust(
  values: LayerValues,
  allowed: Partial<LayerValues> = {},
): UntrustedSetting[] {
  const out: UntrustedSetting[] = [];
  for (const key of Object.keys(values)) {
    if (SAFE_KEYS.has(key)) continue;
    const v = (values as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === 'network' && narrowsNetwork(v as NetworkPolicy, allowed.network)) continue;
    if ((key === 'mounts' || key === 'volumes') && (v as unknown[]).length === 0) continue;
    out.push({
      key,
      why: WHY[key] ?? 'can reach outside the sandbox',
      value: summarize(key, values),
    });
  }
  return [...out, ...raisedLimits(values, allowed)];
}

/** The values of a project layer without the settings that need trust. */
export function withoutUntrusted(
  values: LayerValues,
  allowed: Partial<LayerValues> = {},
): LayerValues {
  const drop = new Set(settingsNeedingTrust(values, allowed).map((s) => s.key));
  const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !drop.has(k)));
  return withoutLimits(kept as LayerValues, drop);
}

interface TrustFile {
  version: 1;
  /** Absolute config file path → sha256 of the content the user trusted. */
  trusted: Record<string, string>;
}

/** Next to the user-level config file: the user's own decisions, not the repository's. */
export function trustFilePath(host: PlatformEnv): string {
  return path.join(path.dirname(userConfigPath(host)), 'trusted-project-configs.json');
}

async function readTrust(host: PlatformEnv): Promise<TrustFile> {
  try {
    const v = JSON.parse(await readFile(trustFilePath(host), 'utf8')) as Partial<TrustFile>;
    if (v && v.version === 1 && v.trusted && typeof v.trusted === 'object') {
      const trusted: Record<string, string> = {};
      for (const [k, h] of Object.entries(v.trusted)) if (typeof h === 'string') trusted[k] = h;
      return { version: 1, trusted };
    }
  } catch {
    // Missing or unreadable: nothing is trusted, which is the safe reading.
  }
  return { version: 1, trusted: {} };
}

export async function isTrusted(host: PlatformEnv, file: string, sha256: string): Promise<boolean> {
  return (await readTrust(host)).trusted[path.resolve(file)] === sha256;
}

/** Records that the user trusts `file` with exactly this content. */
export async function trustProjectConfig(
  host: PlatformEnv,
  file: string,
  sha256: string,
): Promise<void> {
  const target = trustFilePath(host);
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  // The app and `claude-run` may trust two files at once: neither write drops the other's.
  await withFileLock(`${target}.lock`, async () => {
    const store = await readTrust(host);
    store.trusted[path.resolve(file)] = sha256;
    await writeFileAtomic(target, `${JSON.stringify(store, null, 2)}\n`);
  });
}
