/** Small readers: the base images a Dockerfile names, extra agents to install, an image's USER. */
import { mapEngineError } from '../engine/errors';
import { fromImages } from '../engine/registry-auth-ref';
import type { Engine } from '../engine/types';

/**
 * Image references in FROM lines, with `ARG` defaults declared before the first FROM
 * substituted (`ARG BASE=claude-code-runner:latest` + `FROM ${BASE}`). Stage names are
 * skipped, so `FROM build AS final` does not count as an image. One parser with the build's
 * registry-credential lookup (engine/registry-auth-ref.ts).
 */
export function dockerfileBases(text: string): string[] {
  return fromImages(text);
}

/** Agents the default recipe can add (EXTRA_AGENTS words), by the command that starts them. */
export const EXTRA_AGENT_COMMANDS: Record<string, string> = {
  codex: 'codex',
  gemini: 'gemini',
  opencode: 'opencode',
};

/** The EXTRA_AGENTS word the configured agent command needs ([] for Claude Code or unknown). */
export function extraAgentsFor(command: readonly string[] | undefined): string[] {
  const program = (command?.[0] ?? '').split('/').pop() ?? '';
  const word = EXTRA_AGENT_COMMANDS[program];
  return word ? [word] : [];
}

/** The image's configured USER ("" and unset mean root → null). */
export async function imageUser(engine: Engine, ref: string): Promise<string | null> {
  try {
    const info = await engine.docker.getImage(ref).inspect();
    const user = info.Config?.User ?? '';
    return user === '' ? null : user;
  } catch (e) {
    throw mapEngineError(e, {
      action: `inspect image ${ref}`,
      address: engine.info.address,
      notFound: 'image-not-found',
      what: ref,
    });
  }
}

/**
 * The network RUN steps get when neither the caller nor the config chooses one. A Docker
 * daemon started with `--bridge=none` has no default network, so a build there could never
 * reach a package registry; the host's network is the only one that works. Elsewhere the
 * engine's default is kept (undefined).
 */
export async function fallbackBuildNetwork(engine: Engine): Promise<string | undefined> {
  if (engine.info.kind !== 'docker') return undefined;
  try {
    const networks = await engine.docker.listNetworks({ filters: { name: ['bridge'] } });
    return networks.some((n) => n.Name === 'bridge') ? undefined : 'host';
  } catch {
    return undefined;
  }
}
