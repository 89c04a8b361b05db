/**
 * `claude-run discard [id] [--delete-branch] [--yes] [--force]`: stops and removes the
 * session's container and forgets the session; its branch is kept unless --delete-branch.
 * A session whose commits are neither pushed nor merged asks a second time (on a terminal), or
 * needs --force: those commits would only survive on the kept branch.
 */
import type { Api } from '../../shared/contract';
import { AppError, hasCode } from '../../shared/errors';
import type { SessionGitState } from '../../shared/schemas/merge';
import type { SessionInfo } from '../../shared/schemas/session';
import { confirm, printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { chooseSession } from './session-arg';

export interface DiscardOptions {
  deleteBranch?: boolean;
  yes?: boolean;
  force?: boolean;
  json?: boolean;
}

export async function discardCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: DiscardOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'discard', command: 'discard' });
  const api = await ctx.getApi();
  const state = await gitState(api, session);
  const branch = clean(session.branch);
  ctx.note(
    `Discarding ${clean(session.name)}: its container is stopped and removed; branch ${branch} is ${opts.deleteBranch ? 'DELETED' : 'kept'}.\n`,
  );
  if (state) ctx.note(`${describeState(state)}\n`);
  await confirm(ctx, `Discard session ${clean(session.name)}?`, {
    ...(opts.yes || opts.force ? { yes: true } : {}),
    command: `discard ${session.id}`,
  });
  const run = (confirmUnmerged: boolean) =>
    api.discardSession({
      id: session.id,
      deleteBranch: Boolean(opts.deleteBranch),
      confirmUnmerged,
    });
  let result;
  try {
    result = await run(Boolean(opts.force));
  } catch (e) {
    if (!hasCode(e, 'discard-unmerged')) throw e;
    // The second question: say exactly what would be lost.
    const lost = opts.deleteBranch
      ? `its ${state?.ahead ?? 'unmerged'} commit(s) are neither pushed nor merged and the branch is deleted: they are lost`
      : `its ${state?.ahead ?? 'unmerged'} commit(s) are neither pushed nor merged; they stay only on branch ${branch}`;
    if (!ctx.io.stdin.isTTY) {
      throw new AppError(
        'discard-unmerged',
        `${clean(session.name)}: ${lost}`,
        `push or merge it first, or run \`claude-run discard ${session.id} --force\``,
      );
    }
    // --yes answered the first question only: this one is asked even then.
    await confirm(ctx, `${lost}. Discard anyway?`, {
      command: `discard ${session.id}`,
      flag: '--force',
    });
    result = await run(true);
  }
  if (opts.json) printJson(ctx, result);
  else {
    ctx.print(
      `Discarded ${clean(session.name)}; ${
        result.branchDeleted
          ? `branch ${clean(result.branch)} deleted${result.tip ? ` (it pointed at ${result.tip}; \`git branch ${clean(result.branch)} ${result.tip}\` brings it back while git keeps the commits)` : ''}`
          : `branch ${clean(result.branch)} kept`
      }.\n`,
    );
  }
  return 0;
}

async function gitState(api: Api, s: SessionInfo): Promise<SessionGitState | null> {
  try {
    return await api.getSessionGitState({ sessionId: s.id });
  } catch {
    return null; // what is lost is said by the core's refusal then
  }
}

function describeState(s: SessionGitState): string {
  const pushed =
    s.pushed === 'yes' ? 'pushed' : s.pushed === 'behind' ? 'pushed (an older tip)' : 'not pushed';
  const merged = s.merged
    ? `merged${s.mergedInto ? ` into ${clean(s.mergedInto)}` : ''}`
    : 'not merged';
  return `${s.ahead} commit(s) ahead of ${clean(s.baseBranch ?? 'its base')}, ${pushed}, ${merged}${s.pr ? `, PR ${clean(s.pr.url)} (${s.pr.state})` : ''}.`;
}
