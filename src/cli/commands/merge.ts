/**
 * `claude-run merge [id] [--into B] [--squash | --rebase] [-m MSG] [--json]`: brings the
 * session's branch into a local branch (default: the one the session started from) without
 * touching the user's checkout; a fast-forward when possible. The core refuses if the target
 * moved since the preview (compare-and-swap on the tip the user was shown). Conflicts change
 * nothing: they are listed, and `--ask-agent` asks the agent to rebase onto the target.
 */
import { AppError } from '../../shared/errors';
import type {
  MergeMethod,
  MergePreview,
  MergeResult,
  UpdateCheckoutResult,
} from '../../shared/schemas/merge';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { chooseSession } from './session-arg';

export interface MergeOptions {
  into?: string;
  squash?: boolean;
  rebase?: boolean;
  message?: string;
  askAgent?: boolean;
  updateCheckout?: boolean;
  json?: boolean;
}

export function mergeMethod(opts: Pick<MergeOptions, 'squash' | 'rebase'>): MergeMethod {
  if (opts.squash && opts.rebase) {
    throw new AppError(
      'bad-arguments',
      'give --squash or --rebase, not both',
      'without either: a merge commit (or a fast-forward)',
    );
  }
  return opts.squash ? 'squash' : opts.rebase ? 'rebase' : 'merge';
}

export async function mergeCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: MergeOptions,
): Promise<number> {
  const method = mergeMethod(opts);
  if (opts.askAgent && (opts.squash || opts.rebase || opts.message !== undefined)) {
    throw new AppError(
      'bad-arguments',
      '--ask-agent asks the agent to rebase; it takes no --squash, --rebase or -m',
    );
  }
  const session = await chooseSession(ctx, id, { verb: 'merge', command: 'merge' });
  const api = await ctx.getApi();
  if (opts.askAgent) {
    const r = await api.requestRebase({
      sessionId: session.id,
      ...(opts.into !== undefined ? { onto: opts.into } : {}),
    });
    if (opts.json) printJson(ctx, r);
    else {
      ctx.print(
        `${r.delivered ? 'Asked' : 'Will ask (when it waits for input)'} the agent to rebase ${clean(session.branch)} onto ${clean(r.onto)} (${r.ontoTip.slice(0, 7)}; in the container as ${clean(r.containerRef)}).\n`,
      );
      ctx.note('Its rebased branch comes back as usual; then run `claude-run merge` again.\n');
    }
    return 0;
  }
  const preview = await api.previewMerge({
    sessionId: session.id,
    method,
    ...(opts.into !== undefined ? { into: opts.into } : {}),
  });
  let result: MergeResult | null = null;
  if (preview.alreadyMerged) {
    ctx.note(`${clean(session.branch)} is already in ${clean(preview.into)}: nothing to merge.\n`);
  } else if (preview.conflicts.length > 0) {
    // The preview already says it: nothing is attempted, nothing changes.
    result = {
      ok: false,
      sessionId: session.id,
      into: preview.into,
      method,
      conflicts: preview.conflicts,
    };
  } else {
    result = await api.mergeSession({
      sessionId: session.id,
      into: preview.into,
      method,
      expectedIntoTip: preview.intoTip,
      ...(opts.message !== undefined ? { message: opts.message } : {}),
    });
  }
  let update: UpdateCheckoutResult | null = null;
  if (result?.ok && result.checkoutLags && opts.updateCheckout) {
    update = await api.updateCheckout({
      sessionId: session.id,
      branch: result.into,
      from: result.oldTip,
      to: result.newTip,
    });
  }
  if (opts.json) printJson(ctx, { preview, result, checkout: update });
  else {
    printResult(ctx, session.branch, preview, result, Boolean(opts.updateCheckout));
    if (update) printUpdate(ctx, update);
  }
  return result && !result.ok ? 1 : 0;
}

function printResult(
  ctx: CliContext,
  branch: string,
  preview: MergePreview,
  result: MergeResult | null,
  updated: boolean,
): void {
  const p = ctx.out;
  if (!result) return;
  const into = clean(result.into);
  if (!result.ok) {
    ctx.print(
      `${p.red('Conflicts:')} ${clean(branch)} does not merge into ${into} (${result.method}); nothing was changed.\n`,
    );
    for (const f of result.conflicts) ctx.print(`  ${clean(f)}\n`);
    ctx.note(
      `hint: \`claude-run merge --ask-agent --into ${into}\` asks the agent to rebase onto ${into}, or resolve it yourself with git\n`,
    );
    return;
  }
  const how = result.fastForward
    ? 'fast-forward'
    : result.method === 'merge'
      ? 'merge commit'
      : result.method;
  ctx.print(
    `Merged ${clean(branch)} into ${into} (${how}): ${result.oldTip.slice(0, 7)}..${result.newTip.slice(0, 7)}, ${preview.ahead} commit(s).\n`,
  );
  if (result.checkoutLags && !updated) {
    ctx.note(
      `${into} is checked out in your work tree, which now lags it (your files were not touched).\n` +
        `hint: \`claude-run merge --update-checkout\` next time, or \`git merge --ff-only\` there when your edits allow\n`,
    );
  }
}

function printUpdate(ctx: CliContext, up: UpdateCheckoutResult): void {
  if (up.updated) ctx.print('Your checkout was updated to the merged branch.\n');
  else {
    ctx.print(
      `Your checkout was not updated: uncommitted changes in ${up.blockedBy.map(clean).join(', ')}.\n`,
    );
  }
}
