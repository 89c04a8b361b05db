/**
 * What leaves the machine: pushing a session branch and opening its pull request, used by the
 * contract handlers (a click) and by autoPush / autoCreatePR. Each success is an event.
 */
import type { CommitList } from '../../shared/schemas/commits';
import type { PrDraft, PrResult, PushResult } from '../../shared/schemas/forge';
import type { SessionInfo } from '../../shared/schemas/session';
import { AppError } from '../../shared/errors';
import type { EventBus } from '../events';
import { pushBranch, remoteUrl } from '../forge/push';
import { draftText, forgeFor, type ForgeOptions } from '../forge/pull-request';

export interface PublishContext {
  bus: EventBus;
  session(id: string): Promise<SessionInfo>;
  pushRemote(s: SessionInfo): Promise<string>;
  listCommits(sessionId: string): Promise<CommitList>;
  forge(): ForgeOptions;
}

export interface PrInput {
  remote?: string;
  title: string;
  body: string;
  base?: string;
  draft: boolean;
  push: boolean;
}

export async function pushSession(
  ctx: PublishContext,
  sessionId: string,
  opts: { remote?: string; confirmRewrite?: boolean },
  automatic: boolean,
): Promise<PushResult> {
  const s = await ctx.session(sessionId);
  const remote = opts.remote ?? (await ctx.pushRemote(s));
  const out = await pushBranch({
    folder: s.folder,
    branch: s.branch,
    remote,
    ...(opts.confirmRewrite ? { confirmRewrite: true } : {}),
  });
  if (!out.upToDate) {
    ctx.bus.emit('pushed', {
      sessionId,
      remote,
      branch: s.branch,
      tip: out.tip,
      forced: out.forced,
      automatic,
    });
  }
  return { sessionId, ...out };
}

export async function prDraft(
  ctx: PublishContext,
  sessionId: string,
  remote?: string,
): Promise<PrDraft> {
  const s = await ctx.session(sessionId);
  const r = remote ?? (await ctx.pushRemote(s));
  const { target, client } = await forgeFor(await remoteUrl(s.folder, r), ctx.forge());
  const [base, existing, list] = await Promise.all([
    client.defaultBranch(),
    client.findOpen(s.branch),
    ctx.listCommits(sessionId),
  ]);
  const draft = draftText(s.branch, list.commits);
  const title = draft.title;
  const body = withStartingPoint(draft.body, s);
  return {
    sessionId,
    forge: target.forge,
    host: target.host,
    project: target.project,
    head: s.branch,
    base,
    title,
    body,
    existingUrl: existing?.url ?? null,
  };
}

/** Pushes first when asked, then returns the open PR for the branch or creates one. */
export async function createPr(
  ctx: PublishContext,
  sessionId: string,
  input: PrInput,
  automatic: boolean,
): Promise<PrResult> {
  const s = await ctx.session(sessionId);
  const remote = input.remote ?? (await ctx.pushRemote(s));
  if (input.push) await pushSession(ctx, sessionId, { remote }, automatic);
  const { target, client } = await forgeFor(await remoteUrl(s.folder, remote), ctx.forge());
  const existing = await client.findOpen(s.branch);
  if (existing) {
    return {
      sessionId,
      forge: target.forge,
      url: existing.url,
      number: existing.number,
      created: false,
    };
  }
  const base = input.base ?? (await client.defaultBranch());
  if (base === s.branch)
    throw new AppError('pr-invalid', 'the base branch cannot be the session branch');
  const pr = await client.create({
    head: s.branch,
    base,
    title: input.title,
    // The automatic PR's text was drafted without the session: say what else it carries.
    body: automatic ? withStartingPoint(input.body, s) : input.body,
    draft: input.draft,
  });
  const result = { sessionId, forge: target.forge, url: pr.url, number: pr.number, created: true };
  ctx.bus.emit('prCreated', { ...result, automatic });
  return result;
}

/**
 * The branch (so the push and the PR) carries the user's own uncommitted edits at start as one
 * commit under the agent's: the PR text says so, since the commit list above names only the
 * agent's commits.
 */
export function withStartingPoint(body: string, s: SessionInfo): string {
  const start = s.startingPoint;
  if (!start || body.includes(start.commit.slice(0, 12))) return body;
  const note = `The branch starts with ${start.commit.slice(0, 12)} "Uncommitted changes at session start": the edits that were not committed yet when the session started (not the agent's work).`;
  return body.trim() === '' ? note : `${body.replace(/\s+$/, '')}\n\n${note}`;
}
