/**
 * `claude-run clean [--force]`: removes the app's stopped containers (with --force the running
 * ones too) and the records of sessions whose container is gone. Host branches are kept: the
 * work the agent committed stays in the user's repository.
 */
import type { CliContext } from './context';
import { formatError } from './output';
import { type Target, findTargets, shortId } from './targets';

export interface CleanOptions {
  force?: boolean;
}

export async function cleanCommand(ctx: CliContext, opts: CleanOptions): Promise<number> {
  const found = await findTargets(ctx);
  if (found.engineProblem) throw found.engineProblem;
  // A record of an engine that is not reachable now is not known to be stopped: left alone.
  const doomed = found.targets.filter((t) =>
    t.foreign ? t.status === 'gone' : opts.force || (!t.running && t.status !== 'starting'),
  );
  const kept = found.targets.length - doomed.length;
  if (doomed.length === 0) {
    ctx.note(
      kept > 0
        ? `Nothing to clean: ${kept} running (\`claude-run clean --force\` removes those too).\n`
        : 'Nothing to clean.\n',
    );
    return 0;
  }
  let failed = 0;
  for (const t of doomed) {
    try {
      await removeOne(ctx, found.engine, t, opts);
      ctx.print(
        `Removed ${shortId(t)}  ${t.name}${t.branch ? `  (branch ${t.branch} kept)` : ''}\n`,
      );
    } catch (e) {
      failed++;
      ctx.note(formatError(e, ctx.err, `could not remove ${shortId(t)}`));
    }
  }
  if (kept > 0 && !opts.force) ctx.note(`${kept} running container(s) left alone.\n`);
  return failed > 0 ? 1 : 0;
}

async function removeOne(
  ctx: CliContext,
  engine: Awaited<ReturnType<typeof findTargets>>['engine'],
  t: Target,
  opts: CleanOptions,
): Promise<void> {
  if (t.session) {
    await (await ctx.getApi()).removeSession({ id: t.session.id, force: Boolean(opts.force) });
    return;
  }
  if (t.containerId && engine) await engine.removeContainer(t.containerId, { force: true });
}
