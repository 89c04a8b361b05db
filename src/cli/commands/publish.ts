/**
 * `claude-run push [id] [--remote R] [--rewrite]` and `claude-run pr [id] [--draft] [--title T]
 * [--body B] [--base B] [--remote R]`: the session branch to its remote, and a pull (merge)
 * request for it, pre-filled the way the app pre-fills it (the draft from the core).
 */
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { chooseSession } from './session-arg';

export interface PushOptions {
  remote?: string;
  rewrite?: boolean;
  json?: boolean;
}

export async function pushCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: PushOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'push', command: 'push' });
  const api = await ctx.getApi();
  const r = await api.pushBranch({
    sessionId: session.id,
    ...(opts.remote !== undefined ? { remote: opts.remote } : {}),
    ...(opts.rewrite ? { confirmRewrite: true } : {}),
  });
  if (opts.json) printJson(ctx, r);
  else if (r.upToDate)
    ctx.print(`${clean(r.remote)} already has ${clean(r.branch)} at ${r.tip.slice(0, 7)}.\n`);
  else {
    ctx.print(
      `Pushed ${clean(r.branch)} to ${clean(r.remote)} at ${r.tip.slice(0, 7)}${r.forced ? ' (replaced the rewritten history, force-with-lease)' : ''}.\n`,
    );
  }
  return 0;
}

export interface PrOptions {
  remote?: string;
  draft?: boolean;
  title?: string;
  body?: string;
  base?: string;
  json?: boolean;
}

export async function prCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: PrOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'open a pull request for', command: 'pr' });
  const api = await ctx.getApi();
  const remote = opts.remote !== undefined ? { remote: opts.remote } : {};
  const draft = await api.getPullRequestDraft({ sessionId: session.id, ...remote });
  const r = await api.createPullRequest({
    sessionId: session.id,
    ...remote,
    title: opts.title ?? draft.title,
    body: opts.body ?? draft.body,
    base: opts.base ?? draft.base,
    draft: Boolean(opts.draft),
    push: true,
  });
  if (opts.json) printJson(ctx, r);
  else {
    const noun = r.forge === 'gitlab' ? 'Merge request' : 'Pull request';
    ctx.print(
      r.created
        ? `${noun} #${r.number} opened: ${clean(r.url)}\n`
        : `${noun} #${r.number} was already open for ${clean(draft.head)}: ${clean(r.url)}\n`,
    );
  }
  return 0;
}
