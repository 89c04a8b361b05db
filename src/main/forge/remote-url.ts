/**
 * Which forge a remote points at, from its URL in any of git's forms:
 *   https://[user[:token]@]host[:port]/owner/repo(.git)
 *   ssh://[user@]host[:port]/owner/repo(.git)
 *   git@host:owner/repo(.git)            (scp-like)
 * GitHub: github.com, or an Enterprise host (API https://HOST/api/v3). GitLab: gitlab.com or a
 * self-hosted instance (API https://HOST/api/v4). Unknown hosts are recognised by name
 * ("github"/"gitlab" in it) or by an explicit host → forge map.
 */
import type { ForgeKind } from '../../shared/schemas/forge';
import { AppError } from '../../shared/errors';

export interface RemoteTarget {
  /** null: the host's name does not tell (a GitHub Enterprise or GitLab under another name). */
  forge: ForgeKind | null;
  /** Host name as used for tokens (no port). */
  host: string;
  /** https://host[:port] of the web UI (the port is kept only for http(s) remotes). */
  webBase: string;
  /** owner/repo, or group/subgroup/project. */
  project: string;
}

export interface ParsedRemote {
  host: string;
  port: string | null;
  scheme: 'https' | 'http' | 'ssh';
  path: string;
}

export function parseRemoteUrl(url: string): ParsedRemote | null {
  const u = url.trim();
  let m = /^(https?):\/\/(?:[^@/]*@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(u);
  if (m)
    return {
      scheme: m[1]!.toLowerCase() as 'http' | 'https',
      host: m[2]!.toLowerCase(),
      port: m[3] ?? null,
      path: m[4]!,
    };
  m = /^(?:git\+)?ssh:\/\/(?:[^@/]*@)?([^/:]+)(?::(\d+))?\/(.+)$/i.exec(u);
  if (m) return { scheme: 'ssh', host: m[1]!.toLowerCase(), port: m[2] ?? null, path: m[3]! };
  m = /^(?:[^@/:]+@)?([^/:]+):(?!\/)(.+)$/.exec(u);
  if (m && !/^[a-z]:$/i.test(`${m[1]}:`))
    return { scheme: 'ssh', host: m[1]!.toLowerCase(), port: null, path: m[2]! };
  return null;
}

function cleanPath(path: string): string | null {
  const p = path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/^\/+/, '')
    .replace(/^~/, '');
  const parts = p.split('/');
  if (
    parts.length < 2 ||
    parts.some((s) => !/^[A-Za-z0-9._-]+$/.test(s) || s === '.' || s === '..')
  )
    return null;
  return parts.join('/');
}

export function detectForge(url: string, hostMap: Record<string, ForgeKind> = {}): RemoteTarget {
  const parsed = parseRemoteUrl(url);
  const project = parsed ? cleanPath(parsed.path) : null;
  if (!parsed || !project) {
    throw new AppError(
      'forge-unknown',
      'the remote URL does not name a GitHub or GitLab project',
      'Pull requests need a remote on GitHub or GitLab.',
    );
  }
  const { host } = parsed;
  let forge: ForgeKind | undefined = hostMap[host];
  if (!forge) {
    if (host === 'github.com' || host === 'www.github.com' || host.includes('github'))
      forge = 'github';
    else if (host === 'gitlab.com' || host.includes('gitlab')) forge = 'gitlab';
  }
  if (forge === 'github' && project.split('/').length !== 2) {
    throw new AppError('forge-unknown', 'a GitHub remote must be owner/repository');
  }
  const port = parsed.scheme !== 'ssh' && parsed.port ? `:${parsed.port}` : '';
  const scheme = parsed.scheme === 'http' ? 'http' : 'https';
  return { forge: forge ?? null, host, webBase: `${scheme}://${host}${port}`, project };
}

/** The REST API base for a target (overridable for tests and unusual installs). */
export function apiBaseOf(t: RemoteTarget & { forge: ForgeKind }): string {
  if (t.forge === 'github')
    return t.host === 'github.com' ? 'https://api.github.com' : `${t.webBase}/api/v3`;
  return t.webBase;
}
