/**
 * Forge tokens, in the order the forges' own CLIs use: environment first, then the CLI's
 * stored login (`gh auth token`, `glab config get token`). Commands run with execFile; the
 * token never appears in an error, a log or an event.
 */
import { execFile } from 'node:child_process';
import type { ForgeKind } from '../../shared/schemas/forge';
import { AppError } from '../../shared/errors';

export type CommandRunner = (
  cmd: string,
  args: string[],
) => Promise<{ code: number; stdout: string; stderr: string }>;

export const runCommand: CommandRunner = (cmd, args) =>
  new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: 10_000, windowsHide: true, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : -1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });

export interface TokenSources {
  env: NodeJS.ProcessEnv;
  run: CommandRunner;
}

const TOKEN = /^[A-Za-z0-9_\-.:]{8,400}$/;

export async function forgeToken(
  forge: ForgeKind,
  host: string,
  src: TokenSources,
): Promise<string> {
  const env = src.env;
  if (forge === 'github') {
    const fromEnv =
      host === 'github.com'
        ? (env.GH_TOKEN ?? env.GITHUB_TOKEN)
        : (env.GH_ENTERPRISE_TOKEN ??
          env.GITHUB_ENTERPRISE_TOKEN ??
          env.GH_TOKEN ??
          env.GITHUB_TOKEN);
    if (fromEnv?.trim()) return fromEnv.trim();
    const r = await src.run('gh', ['auth', 'token', '--hostname', host]);
    const t = r.stdout.trim();
    if (r.code === 0 && TOKEN.test(t)) return t;
    throw new AppError(
      'forge-no-token',
      `no GitHub token for ${host}`,
      'Set GITHUB_TOKEN (or GH_TOKEN), or log in with `gh auth login`.',
    );
  }
  const fromEnv = env.GITLAB_TOKEN ?? env.GITLAB_ACCESS_TOKEN;
  if (fromEnv?.trim()) return fromEnv.trim();
  const r = await src.run('glab', ['config', 'get', 'token', '--host', host]);
  const t = r.stdout.trim();
  if (r.code === 0 && TOKEN.test(t)) return t;
  // Older glab: the token only shows in `auth status -t` ("Token: …", on stderr).
  const s = await src.run('glab', ['auth', 'status', '--hostname', host, '-t']);
  const m = /Token:\s*(\S+)/.exec(`${s.stdout}\n${s.stderr}`);
  if (m && TOKEN.test(m[1]!)) return m[1]!;
  throw new AppError(
    'forge-no-token',
    `no GitLab token for ${host}`,
    'Set GITLAB_TOKEN, or log in with `glab auth login`.',
  );
}

/** A token that belongs to this very host (GH_HOST/GITLAB_HOST or the CLI's login), for hosts of unknown kind. */
export async function forgeTokenForHost(
  forge: ForgeKind,
  host: string,
  src: TokenSources,
): Promise<string | undefined> {
  const hostVar = forge === 'github' ? src.env.GH_HOST : src.env.GITLAB_HOST;
  const named = hostVar
    ? hostVar
        .replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '')
        .toLowerCase() === host
    : false;
  if (named) return forgeToken(forge, host, src);
  const r =
    forge === 'github'
      ? await src.run('gh', ['auth', 'token', '--hostname', host])
      : await src.run('glab', ['config', 'get', 'token', '--host', host]);
  const t = r.stdout.trim();
  return r.code === 0 && TOKEN.test(t) ? t : undefined;
}
