/**
 * Pull/merge requests for a session branch: a draft pre-filled from the commits (title, body,
 * the repo's default branch as base), then creation, or the open PR that already exists.
 */
import type { CommitSummary } from '../../shared/schemas/commits';
import type { ForgeKind } from '../../shared/schemas/forge';
import { type ForgeClient, githubClient, gitlabClient } from './clients';
import { apiBaseOf, detectForge, type RemoteTarget } from './remote-url';
import { forgeToken, forgeTokenForHost, type TokenSources } from './tokens';
import { AppError } from '../../shared/errors';

export interface ForgeOptions extends TokenSources {
  /** API base per forge/host, e.g. for tests or unusual installs. */
  apiBase?: (target: RemoteTarget) => string | undefined;
  /** Hosts whose forge cannot be told from their name. */
  hosts?: Record<string, ForgeKind>;
}

export async function forgeFor(
  remoteUrl: string,
  opts: ForgeOptions,
): Promise<{ target: RemoteTarget & { forge: ForgeKind }; client: ForgeClient }> {
  const found = detectForge(remoteUrl, opts.hosts);
  let forge = found.forge;
  let token: string | undefined;
  if (forge === null) {
    // A host named neither github nor gitlab: whichever CLI/env holds a login for it decides.
    for (const kind of ['github', 'gitlab'] as const) {
      token = await forgeTokenForHost(kind, found.host, opts).catch(() => undefined);
      if (token) {
        forge = kind;
        break;
      }
    }
    if (forge === null) {
      throw new AppError(
        'forge-unknown',
        `cannot tell whether ${found.host} is GitHub or GitLab`,
        'Log in to it with `gh auth login --hostname HOST` or `glab auth login --hostname HOST`.',
      );
    }
  }
  const target = { ...found, forge };
  const baseUrl = opts.apiBase?.(target) ?? apiBaseOf(target);
  token ??= await forgeToken(target.forge, target.host, opts);
  const client =
    target.forge === 'github'
      ? githubClient({ baseUrl, token, project: target.project })
      : gitlabClient({ baseUrl, token, project: target.project });
  return { target, client };
}

/** Title and body from the commits (newest first, as listCommits returns them). */
export function draftText(
  branch: string,
  commits: CommitSummary[],
): { title: string; body: string } {
  const oldestFirst = [...commits].reverse();
  const title =
    oldestFirst.length === 1
      ? oldestFirst[0]!.subject || branch
      : `${oldestFirst[0]?.subject || 'Changes'} (+${oldestFirst.length - 1} more)`;
  const lines = oldestFirst.map((c) => `- ${c.subject} (${c.hash.slice(0, 10)})`);
  const body = [
    commits.length === 1 && commits[0]!.message.includes('\n')
      ? commits[0]!.message.split('\n').slice(1).join('\n').trim()
      : '',
    commits.length > 1 ? `Commits:\n${lines.join('\n')}` : '',
    `Branch \`${branch}\`, made by an agent in Claude Code Runner.`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return { title: title.slice(0, 250), body };
}
