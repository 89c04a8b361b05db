/**
 * Merged values → ResolvedConfig, checking what only the file system can answer: the envFile,
 * dockerfile, CA certificates and mount sources exist (and certificates are PEM), the envFile
 * parses. Each problem names the file that set the key.
 */
import path from 'node:path';
import { parseMemory } from '../../shared/config-formats';
import type { ConfigIssue, ResolvedConfig } from '../../shared/schemas/config';
import { parseEnvFile } from './env-file';
import type { Layer, LayerValues } from './layer';
import { originOf } from './merge';
import { describeKind, readRegularText, statWithTimeout } from './safe-read';

/** Upper bound for any file the config makes us read (config, envFile, certificate). */
export const MAX_CONFIG_INPUT_BYTES = 1_000_000;

const PEM_CERT = /-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/;
const ENGINE_SOCKET = /(^|\/)(docker|podman)\.sock$/;

export type FinalValues = Required<Pick<LayerValues, 'resources' | 'agent' | 'claudeConfigPath'>> &
  LayerValues;

/**
 * Read a file the config points at; an error text (never its content) when we cannot. Regular
 * files only, bounded and with a timeout (see safe-read.ts): the path may come from a repository.
 */
export async function readInput(
  file: string,
): Promise<{ text: string } | { error: string; missing?: boolean }> {
  const r = await readRegularText(file, { maxBytes: MAX_CONFIG_INPUT_BYTES });
  if (r.ok) return { text: r.text };
  return r.why === 'missing' ? { error: r.message, missing: true } : { error: r.message };
}

/** Whether a mount source can be bound: an error text when it cannot (missing, a device…). */
async function mountSourceProblem(source: string): Promise<string | undefined> {
  const r = await statWithTimeout(source);
  if ('timeout' in r) return `the mount source ${source} did not answer (a hung network mount?)`;
  if (!r.stats) return `the mount source ${source} does not exist; create it or fix the path`;
  // Sockets (an SSH agent) and FIFOs are bound, never read by the app; a device node would hand
  // the agent a piece of this computer's hardware.
  if (r.stats.isCharacterDevice() || r.stats.isBlockDevice())
    return `the mount source ${source} is ${describeKind(r.stats)}; expected a file or folder`;
  return undefined;
}

export async function finalize(
  v: FinalValues,
  origins: Map<string, string>,
  layers: readonly Layer[],
): Promise<{ config: ResolvedConfig; issues: ConfigIssue[] }> {
  const issues: ConfigIssue[] = [];
  const issue = (keyPath: string, message: string, extra: Partial<ConfigIssue> = {}) => {
    const file = originOf(origins, keyPath) ?? '(defaults)';
    const pos = layers.find((l) => l.file === file)?.positions.get(keyPath);
    issues.push({ file, path: keyPath, message, ...pos, ...extra });
  };

  let envFileVars: Record<string, string> = {};
  if (v.envFile !== undefined) {
    const read = await readInput(v.envFile);
    if ('error' in read) issue('envFile', `${read.error}; expected an env file (KEY=VALUE lines)`);
    else {
      const parsed = parseEnvFile(read.text);
      envFileVars = parsed.vars;
      for (const e of parsed.errors) {
        issues.push({
          file: v.envFile,
          path: 'envFile',
          message: `line ${e.line}: ${e.message}`,
          line: e.line,
        });
      }
    }
  }
  if (v.dockerfile !== undefined) {
    const read = await readInput(v.dockerfile);
    if ('error' in read) issue('dockerfile', `${read.error}; expected a Dockerfile`);
  }
  for (const [i, cert] of (v.extraCaCertificates ?? []).entries()) {
    const read = await readInput(cert);
    const at = `extraCaCertificates[${i}]`;
    if ('error' in read) issue(at, `${read.error}; expected a PEM certificate file`);
    else if (!PEM_CERT.test(read.text)) {
      issue(
        at,
        `${cert} is not a PEM certificate; expected "-----BEGIN CERTIFICATE-----" … "-----END CERTIFICATE-----"`,
      );
    }
  }
  const mounts = [
    ...(v.volumes ?? []).map((m, i) => ({ m, at: `volumes[${i}]` })),
    ...(v.mounts ?? []).map((m, i) => ({ m, at: `mounts[${i}]` })),
  ];
  for (const { m, at } of mounts) {
    const problem = await mountSourceProblem(m.source);
    if (problem) issue(at, problem);
    if (
      !v.allowEngineSocketMount &&
      (ENGINE_SOCKET.test(m.source) || ENGINE_SOCKET.test(m.target))
    ) {
      issue(
        at,
        'mounting the Docker/Podman socket gives the agent control of the host; set "allowEngineSocketMount": true if you mean it',
      );
    }
  }
  const r = v.resources;
  const config: ResolvedConfig = {
    dockerImage: v.dockerImage!,
    buildImage: v.buildImage!,
    dockerfile: v.dockerfile,
    ...(v.baseImage !== undefined ? { baseImage: v.baseImage } : {}),
    buildArgs: v.buildArgs ?? {},
    detached: v.detached!,
    autoPush: v.autoPush!,
    autoCreatePR: v.autoCreatePR!,
    autoStartClaude: v.autoStartClaude!,
    envFile: v.envFile,
    envFileVars,
    environment: v.environment ?? {},
    setupCommands: v.setupCommands ?? [],
    mounts: mounts.map(({ m }) => m),
    allowedTools: v.allowedTools!,
    maxThinkingTokens: v.maxThinkingTokens,
    bashTimeout: v.bashTimeout,
    containerPrefix: v.containerPrefix!,
    claudeConfigPath: path.resolve(v.claudeConfigPath),
    dockerSocketPath: v.dockerSocketPath,
    agent: {
      command: v.agent.command!,
      ...(v.agent.prompt !== undefined ? { prompt: v.agent.prompt } : {}),
      resume: v.agent.resume ?? defaultResume(v.agent.command!),
      feedback: v.agent.feedback ?? { mode: 'paste' },
    },
    resources: {
      memoryBytes: parseMemory(r.memory!)!,
      cpus: r.cpus!,
      pidsLimit: r.pids!,
      ...(r.disk !== undefined ? { diskBytes: parseMemory(r.disk)! } : {}),
    },
    network: v.network,
    containerUser: v.containerUser,
    allowEngineSocketMount: v.allowEngineSocketMount!,
    forwardGitHubToken: v.forwardGitHubToken!,
    extraCaCertificates: v.extraCaCertificates ?? [],
    includeIgnored: v.includeIgnored ?? [],
    terminalScrollback: v.terminalScrollback!,
    pushRemote: v.pushRemote!,
  };
  return { config: dropUndefined(config), issues };
}

/** Optional keys that are unset are left out, so the config reads the same after JSON. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

/** Claude Code's own way back into a conversation; other agents have none we know of. */
export function defaultResume(command: readonly string[]): string[] {
  const bin = command[0] ?? '';
  return bin.slice(bin.lastIndexOf('/') + 1) === 'claude' ? ['--continue'] : [];
}
