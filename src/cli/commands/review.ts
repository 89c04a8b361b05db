/**
 * `claude-run review [id]`: the session's review comments (drafts until sent), `review add`
 * (a line, a range, a file or the whole session) and `review rm` (`review send`: see
 * review-send.ts). Quoted code came from the container: on a terminal its control characters
 * are shown, not obeyed.
 */
import type { Api } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CommitList } from '../../shared/schemas/commits';
import type { ReviewAnchor, ReviewComment, ReviewState } from '../../shared/schemas/review';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { commitList, resolveCommit } from './revs';
import { chooseSession } from './session-arg';
import { terminalSafe } from './terminal-safe';

const WHAT = { verb: 'review', command: 'review' };

export function shortComment(c: Pick<ReviewComment, 'id'>): string {
  return c.id.slice(0, 8);
}

export function describeAnchor(a: ReviewAnchor): string {
  if (a.kind === 'session') return 'session';
  if (a.kind === 'file') return `${clean(a.path)} (file) @${a.commit.slice(0, 7)}`;
  const lines = a.startLine === a.endLine ? `${a.startLine}` : `${a.startLine}-${a.endLine}`;
  return `${clean(a.path)}:${lines} (${a.side}) @${a.commit.slice(0, 7)}`;
}

export async function reviewListCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: { all?: boolean; json?: boolean },
): Promise<number> {
  const session = await chooseSession(ctx, id, WHAT);
  const state = await (await ctx.getApi()).getReview({ sessionId: session.id });
  if (opts.json) {
    printJson(ctx, state);
    return 0;
  }
  const shown = opts.all ? state.comments : state.comments.filter((c) => c.state !== 'sent');
  if (shown.length === 0) {
    const sent = state.comments.length - shown.length;
    ctx.note(
      `No pending comments on ${clean(session.branch)}${sent > 0 ? ` (${sent} sent; --all shows them)` : ''}.\n` +
        `Add one with \`claude-run review add --file <path> --line <n> -m <text>\`.\n`,
    );
    return 0;
  }
  for (const c of shown) printComment(ctx, c);
  if (state.queued) {
    ctx.note(
      `A message with ${state.queued.commentIds.length} comment(s) waits for the agent to ask for input (queued ${state.queued.queuedAt}).\n`,
    );
  }
  return 0;
}

function printComment(ctx: CliContext, c: ReviewComment): void {
  const p = ctx.out;
  const flags = [
    c.state !== 'draft' ? c.state : '',
    c.outdated ? p.yellow('outdated') : '',
    c.changedIn ? p.yellow(`changed since ${c.changedIn.slice(0, 7)}`) : '',
    c.current && c.anchor.kind === 'line' && c.current.startLine !== c.anchor.startLine
      ? `now line ${c.current.startLine}`
      : '',
  ].filter(Boolean);
  ctx.print(
    `${p.bold(shortComment(c))}  ${describeAnchor(c.anchor)}${flags.length ? `  [${flags.join(', ')}]` : ''}\n`,
  );
  // The quote is the repository's text (the agent's): never raw on a terminal.
  const safe = (s: string) => (ctx.io.stdout.isTTY ? terminalSafe(s) : clean(s));
  for (const q of c.quote.slice(0, 6)) ctx.print(`    ${p.dim(`| ${safe(q)}`)}\n`);
  if (c.quote.length > 6) ctx.print(`    ${p.dim(`| … ${c.quote.length - 6} more lines`)}\n`);
  for (const line of c.body.split('\n')) ctx.print(`    ${safe(line)}\n`);
}

export interface ReviewAddOptions {
  file?: string;
  line?: string;
  side?: string;
  commit?: string;
  message?: string;
  json?: boolean;
}

/** `12` or `12-14` (1-based, inclusive). */
export function parseLines(text: string): { startLine: number; endLine: number } {
  const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(text.trim());
  const start = m ? Number(m[1]) : 0;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start < 1 || end < start) {
    throw new AppError(
      'bad-arguments',
      `--line "${clean(text).slice(0, 30)}" is not a line or a range`,
      'give a line number (--line 12) or a range (--line 12-14), first line first',
    );
  }
  return { startLine: start, endLine: end };
}

export async function reviewAddCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: ReviewAddOptions,
): Promise<number> {
  const body = opts.message?.trim() ?? '';
  if (!body) {
    throw new AppError('bad-arguments', 'a comment needs some text', 'give it with -m "<text>"');
  }
  if (opts.side !== undefined && opts.side !== 'old' && opts.side !== 'new') {
    throw new AppError(
      'bad-arguments',
      '--side is old or new',
      'old: a removed line; new: the file as it is',
    );
  }
  if (opts.file === undefined && (opts.line !== undefined || opts.side !== undefined)) {
    throw new AppError(
      'bad-arguments',
      '--line and --side need --file',
      'name the file: --file src/app.ts',
    );
  }
  const session = await chooseSession(ctx, id, { verb: 'comment on', command: 'review add' });
  const api = await ctx.getApi();
  let anchor: ReviewAnchor = { kind: 'session' };
  if (opts.file !== undefined) {
    const list = await commitList(api, session.id);
    // Default: the whole session as it is now (the tip against the base the diff uses).
    const commit = resolveCommit(list, opts.commit ?? 'tip', '--commit');
    const from = opts.commit === undefined ? list.base : null;
    anchor =
      opts.line === undefined
        ? {
            kind: 'file',
            path: opts.file,
            // A file anchor is read in one commit's own diff: the newest that changed the file.
            commit:
              opts.commit === undefined ? await lastChange(api, list, opts.file, commit) : commit,
          }
        : {
            kind: 'line',
            path: opts.file,
            side: opts.side === 'old' ? 'old' : 'new',
            ...parseLines(opts.line),
            commit,
            from,
          };
  }
  const comment = await api.addReviewComment({ sessionId: session.id, anchor, body });
  if (opts.json) printJson(ctx, comment);
  else ctx.print(`Added ${shortComment(comment)}  ${describeAnchor(comment.anchor)} (draft)\n`);
  return 0;
}

async function lastChange(api: Api, list: CommitList, path: string, tip: string): Promise<string> {
  for (const c of list.commits) {
    const d = await api.getCommitDiff({ sessionId: list.sessionId, commit: c.hash });
    if (d.files.some((f) => f.path === path || f.oldPath === path)) return c.hash;
  }
  return tip; // the core says what is wrong with it
}

export async function reviewRmCommand(
  ctx: CliContext,
  commentId: string,
  id: string | undefined,
): Promise<number> {
  const session = await chooseSession(ctx, id, {
    verb: 'edit the review of',
    command: 'review rm',
  });
  const api = await ctx.getApi();
  const c = pickComment(await api.getReview({ sessionId: session.id }), commentId);
  await api.deleteReviewComment({ sessionId: session.id, id: c.id });
  ctx.print(`Removed ${shortComment(c)}  ${describeAnchor(c.anchor)}\n`);
  return 0;
}

export function pickComment(state: ReviewState, prefix: string): ReviewComment {
  const text = prefix.trim().toLowerCase();
  const hits = text ? state.comments.filter((c) => c.id.startsWith(text)) : [];
  if (hits.length === 1) return hits[0]!;
  throw new AppError(
    hits.length === 0 ? 'comment-not-found' : 'ambiguous-comment',
    hits.length === 0
      ? `no comment of this session has the id "${clean(prefix).slice(0, 64)}"`
      : `"${clean(prefix)}" matches ${hits.length} comments`,
    '`claude-run review --all` lists them with their ids',
  );
}
