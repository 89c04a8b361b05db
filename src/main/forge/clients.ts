/**
 * The two forge clients behind one small interface: GitHub through @octokit/rest (github.com
 * and Enterprise), GitLab through @gitbeaker/rest (gitlab.com and self-hosted). Errors become
 * AppErrors that name the forge and the HTTP status, never the token.
 */
import { Octokit } from '@octokit/rest';
import { Gitlab } from '@gitbeaker/rest';
import type { ForgeKind } from '../../shared/schemas/forge';
import { AppError } from '../../shared/errors';

export interface OpenPr {
  url: string;
  number: number;
}

export interface NewPr {
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface ForgeClient {
  readonly kind: ForgeKind;
  defaultBranch(): Promise<string>;
  findOpen(head: string): Promise<OpenPr | null>;
  create(pr: NewPr): Promise<OpenPr>;
  /** Where a pull/merge request stands now. */
  prState(number: number): Promise<'open' | 'closed' | 'merged'>;
}

function statusOf(e: unknown): number | undefined {
  const any = e as { status?: unknown; cause?: { response?: { status?: unknown } } };
  if (typeof any?.status === 'number') return any.status;
  const s = any?.cause?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

export function forgeError(kind: ForgeKind, action: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const name = kind === 'github' ? 'GitHub' : 'GitLab';
  const status = statusOf(e);
  const detail = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 300) : '';
  if (status === 401)
    return new AppError(
      'forge-auth',
      `${name} refused the token while trying to ${action}`,
      'Check the token (GITHUB_TOKEN/GITLAB_TOKEN or the gh/glab login).',
    );
  if (status === 403)
    return new AppError(
      'forge-forbidden',
      `${name} denied access while trying to ${action}: ${detail}`,
      'The token needs repo / api scope on this project.',
    );
  if (status === 404)
    return new AppError(
      'forge-not-found',
      `${name} could not find the project while trying to ${action}`,
      'Check the remote URL and that the token can see the project.',
    );
  if (status === 422 || status === 409)
    return new AppError(
      'forge-rejected',
      `${name} refused to ${action}: ${detail}`,
      'The branch may have no commits over the base, or the base branch does not exist.',
    );
  if (status === undefined)
    return new AppError(
      'forge-unreachable',
      `could not reach ${name} to ${action}: ${detail}`,
      'Check your network.',
    );
  return new AppError(
    'forge-failed',
    `${name} answered ${status} while trying to ${action}: ${detail}`,
  );
}

export function githubClient(opts: {
  baseUrl: string;
  token: string;
  project: string;
}): ForgeClient {
  const [owner, repo] = opts.project.split('/') as [string, string];
  const octokit = new Octokit({
    auth: opts.token,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: 'claude-code-runner',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const wrap = async <T>(action: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw forgeError('github', action, e);
    }
  };
  return {
    kind: 'github',
    defaultBranch: () =>
      wrap(
        'read the repository',
        async () => (await octokit.rest.repos.get({ owner, repo })).data.default_branch,
      ),
    findOpen: (head) =>
      wrap('look for an open pull request', async () => {
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          head: `${owner}:${head}`,
          state: 'open',
          per_page: 10,
        });
        const pr = data.find((p) => p.head.ref === head);
        return pr ? { url: pr.html_url, number: pr.number } : null;
      }),
    create: (pr) =>
      wrap('create the pull request', async () => {
        const { data } = await octokit.rest.pulls.create({
          owner,
          repo,
          head: pr.head,
          base: pr.base,
          title: pr.title,
          body: pr.body,
          draft: pr.draft,
        });
        return { url: data.html_url, number: data.number };
      }),
    prState: (number) =>
      wrap('read the pull request', async () => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
        return data.merged ? 'merged' : data.state === 'open' ? 'open' : 'closed';
      }),
  };
}

export function gitlabClient(opts: {
  baseUrl: string;
  token: string;
  project: string;
}): ForgeClient {
  const api = new Gitlab({
    host: opts.baseUrl.replace(/\/+$/, ''),
    token: opts.token,
    queryTimeout: 30_000,
  });
  const wrap = async <T>(action: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw forgeError('gitlab', action, e);
    }
  };
  const projectId = opts.project;
  return {
    kind: 'gitlab',
    defaultBranch: () =>
      wrap('read the project', async () => {
        const p = (await api.Projects.show(projectId)) as { default_branch?: string };
        if (!p.default_branch)
          throw new AppError('forge-failed', 'GitLab did not say which branch is the default');
        return p.default_branch;
      }),
    findOpen: (head) =>
      wrap('look for an open merge request', async () => {
        const list = (await api.MergeRequests.all({
          projectId,
          sourceBranch: head,
          state: 'opened',
          perPage: 10,
          maxPages: 1,
        })) as {
          web_url: string;
          iid: number;
          source_branch: string;
        }[];
        const mr = list.find((m) => m.source_branch === head);
        return mr ? { url: mr.web_url, number: mr.iid } : null;
      }),
    create: (pr) =>
      wrap('create the merge request', async () => {
        // GitLab marks drafts by the title prefix; the create API has no draft flag.
        const title =
          pr.draft && !/^(draft:|\[draft\]|\(draft\))/i.test(pr.title)
            ? `Draft: ${pr.title}`
            : pr.title;
        const mr = (await api.MergeRequests.create(projectId, pr.head, pr.base, title, {
          description: pr.body,
        })) as { web_url: string; iid: number };
        return { url: mr.web_url, number: mr.iid };
      }),
    prState: (number) =>
      wrap('read the merge request', async () => {
        const mr = (await api.MergeRequests.show(projectId, number)) as { state?: string };
        return mr.state === 'opened' ? 'open' : mr.state === 'merged' ? 'merged' : 'closed';
      }),
  };
}
