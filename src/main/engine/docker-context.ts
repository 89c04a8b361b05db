/**
 * The Docker CLI's current context (Docker Desktop, Rancher Desktop, OrbStack and Colima set
 * one): DOCKER_CONTEXT, else `currentContext` in $DOCKER_CONFIG/config.json, resolved through
 * contexts/meta/<sha256(name)>/meta.json to its endpoint. "default" means no context.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';

export interface DockerContextEndpoint {
  name: string;
  host: string;
}

export async function dockerContextEndpoint(
  env: Record<string, string | undefined>,
  homeDir: string,
  readText: (path: string) => Promise<string | null>,
): Promise<DockerContextEndpoint | null> {
  const configDir = env.DOCKER_CONFIG || posix.join(homeDir, '.docker');
  let name = env.DOCKER_CONTEXT?.trim();
  if (!name) {
    const text = await readText(posix.join(configDir, 'config.json'));
    if (!text) return null;
    try {
      const cfg = JSON.parse(text) as { currentContext?: unknown };
      name = typeof cfg.currentContext === 'string' ? cfg.currentContext.trim() : undefined;
    } catch {
      return null; // a broken Docker config is the Docker CLI's problem, not a reason to stop
    }
  }
  if (!name || name === 'default') return null;
  const id = createHash('sha256').update(name).digest('hex');
  const meta = await readText(posix.join(configDir, 'contexts/meta', id, 'meta.json'));
  if (!meta) return null;
  try {
    const host = (JSON.parse(meta) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints
      ?.docker?.Host;
    return typeof host === 'string' && host.trim() ? { name, host: host.trim() } : null;
  } catch {
    return null;
  }
}
