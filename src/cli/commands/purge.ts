/**
 * `npm run purge-containers` (scripts/purge-containers.ts): every container of the app on the
 * engine found, running or not, listed and removed after a y/N answer (`--yes` skips it). With
 * `--images` the images the app built go too (the spec's "containers and images"; opt-in
 * because rebuilding them takes minutes). Only what carries the app's label is touched (and,
 * with CCR_SCOPE_LABEL, that label too); the sessions' branches stay in the repositories.
 */
import { APP_LABEL_VALUE, LABELS } from '../../main/engine/labels';
import type { Engine } from '../../main/engine/types';
import { askLine } from './ask';
import type { CliContext } from './context';
import { clean, formatError } from './output';
import { type Target, findTargets, scopeLabels, shortId } from './targets';

export interface PurgeOptions {
  yes?: boolean;
  images?: boolean;
}

interface AppImage {
  id: string;
  tags: string[];
}

export async function purgeCommand(ctx: CliContext, opts: PurgeOptions): Promise<number> {
  const found = await findTargets(ctx);
  if (found.engineProblem || !found.engine) throw found.engineProblem;
  const engine = found.engine;
  // Records of another engine have no container here: nothing to remove on this one.
  const doomed = found.targets.filter((t) => t.containerId && !t.foreign && t.status !== 'gone');
  const images = opts.images ? await appImages(engine, scopeLabels(ctx.io.env)) : [];
  if (doomed.length === 0 && images.length === 0) {
    ctx.note(`No containers of the app on ${clean(engine.info.address)}.\n`);
    return 0;
  }
  ctx.note(`On ${engine.info.kind} at ${clean(engine.info.address)}:\n`);
  for (const t of doomed) {
    ctx.note(`  container ${shortId(t)}  ${clean(t.name)}  ${t.status}  ${clean(t.branch)}\n`);
  }
  for (const i of images)
    ctx.note(`  image ${i.id.slice(0, 19)}  ${i.tags.map(clean).join(' ')}\n`);
  if (!opts.yes) {
    const what = [
      doomed.length ? `${doomed.length} container(s), running ones too` : '',
      images.length ? `${images.length} image(s)` : '',
    ].filter(Boolean);
    const answer = await askLine(ctx, `Remove ${what.join(' and ')}? [y/N] `);
    if (!answer || !/^y(es)?$/i.test(answer)) {
      ctx.note('Nothing removed.\n');
      return 1;
    }
  }
  let failed = 0;
  for (const t of doomed) {
    try {
      await removeContainer(ctx, engine, t);
      ctx.print(`Removed container ${shortId(t)}  ${clean(t.name)}\n`);
    } catch (e) {
      failed++;
      ctx.note(formatError(e, ctx.err, `could not remove ${shortId(t)}`));
    }
  }
  for (const i of images) {
    try {
      // By tag, so an image with two tags is not refused; an untagged one by id.
      for (const ref of i.tags.length ? i.tags : [i.id]) await engine.docker.getImage(ref).remove();
      ctx.print(`Removed image ${i.tags.map(clean).join(' ') || i.id.slice(0, 19)}\n`);
    } catch (e) {
      failed++;
      ctx.note(formatError(e, ctx.err, `could not remove image ${i.id.slice(0, 19)}`));
    }
  }
  if (doomed.some((t) => t.branch))
    ctx.note("The sessions' branches are kept in your repositories.\n");
  return failed > 0 ? 1 : 0;
}

async function removeContainer(ctx: CliContext, engine: Engine, t: Target): Promise<void> {
  // Through the session when there is one, so its record and every window learn about it.
  if (t.session) {
    await (await ctx.getApi()).removeSession({ id: t.session.id, force: true });
    return;
  }
  await engine.removeContainer(t.containerId!, { force: true });
}

async function appImages(engine: Engine, scope: Record<string, string>): Promise<AppImage[]> {
  const want: Record<string, string> = { ...scope, [LABELS.app]: APP_LABEL_VALUE };
  // Filtered by the app label only: Podman's compat API answers nothing for two label filters.
  const list = await engine.docker.listImages({
    filters: JSON.stringify({ label: [`${LABELS.app}=${APP_LABEL_VALUE}`] }),
  });
  // Every label is checked here: removing an image that is not the app's would be real harm.
  return list
    .filter((i) =>
      Object.entries(want).every(([k, v]) =>
        v === '' ? Object.hasOwn(i.Labels ?? {}, k) : i.Labels?.[k] === v,
      ),
    )
    .map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t && t !== '<none>:<none>'),
    }));
}
