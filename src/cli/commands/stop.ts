/**
 * `claude-run stop [id] [--all]`: stops the app's containers. A container with a session record
 * is stopped through the session (so the record and every window learn about it); a labelled
 * container without one (another data dir, a record lost) is stopped on the engine directly.
 */
import { AppError } from '../../shared/errors';
import type { CliContext } from './context';
import { clean, formatError } from './output';
import { selectTarget } from './select';
import { type Target, findTargets, matchTarget, shortId } from './targets';

export interface StopOptions {
  all?: boolean;
}

export async function stopCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: StopOptions,
): Promise<number> {
  const found = await findTargets(ctx);
  if (found.engineProblem) throw found.engineProblem;
  const running = found.targets.filter((t) => t.running);
  let chosen: Target[];
  if (opts.all) {
    if (id) throw new AppError('bad-arguments', 'give a container id or --all, not both');
    chosen = running;
    if (chosen.length === 0) {
      ctx.note('No running containers to stop.\n');
      return 0;
    }
  } else if (id) {
    chosen = [matchTarget(found.targets, id)];
  } else {
    chosen = [await selectTarget(ctx, running, { verb: 'stop', command: 'stop' })];
  }
  let failed = 0;
  for (const t of chosen) {
    try {
      await stopOne(ctx, found.engine, t);
      ctx.print(`Stopped ${shortId(t)}  ${clean(t.name)}\n`);
    } catch (e) {
      failed++;
      ctx.note(formatError(e, ctx.err, `could not stop ${shortId(t)}`));
    }
  }
  return failed > 0 ? 1 : 0;
}

async function stopOne(ctx: CliContext, engine: Targets['engine'], t: Target): Promise<void> {
  if (t.session) {
    await (await ctx.getApi()).stopSession({ id: t.session.id });
    return;
  }
  if (!t.containerId || !engine) throw new AppError('container-not-found', 'it has no container');
  if (t.running) await engine.stopContainer(t.containerId, 10);
}

type Targets = Awaited<ReturnType<typeof findTargets>>;
