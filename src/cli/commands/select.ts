/**
 * Picking a target when the user gave none: a numbered list answered on stdin when it is a
 * terminal; otherwise (a script, a pipe) an error that lists the candidates, never a guess.
 */
import { createInterface } from 'node:readline';
import { AppError } from '../../shared/errors';
import type { CliContext } from './context';
import { clean } from './output';
import { type Target, shortId } from './targets';

function describe(t: Target): string {
  const bits = [clean(t.name), t.branch ? clean(t.branch) : '', t.status].filter(Boolean);
  return `${shortId(t)}  ${bits.join('  ')}`;
}

export async function selectTarget(
  ctx: CliContext,
  candidates: Target[],
  what: { verb: string; command: string },
): Promise<Target> {
  if (candidates.length === 0) {
    throw new AppError(
      'nothing-to-select',
      `there is no container to ${what.verb}`,
      'run `claude-run list --all` to see every container of the app',
    );
  }
  const { stdin, stderr } = ctx.io;
  if (!stdin.isTTY) {
    throw new AppError(
      'selection-needed',
      `say which container to ${what.verb}: ${candidates.map(shortId).join(', ')}`,
      `run \`claude-run ${what.command} <container-id>\` (stdin is not a terminal, so there is no menu)`,
    );
  }
  candidates.forEach((t, i) => ctx.note(`  ${String(i + 1).padStart(2)})  ${describe(t)}\n`));
  const rl = createInterface({ input: stdin, output: stderr, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (;;) {
      stderr.write(`Which one to ${what.verb}? [1-${candidates.length}, q to cancel] `);
      const next = await lines.next();
      const answer = next.done ? null : (next.value as string).trim();
      if (answer === null || /^q/i.test(answer)) {
        throw new AppError(
          'cancelled',
          'nothing selected',
          `run \`claude-run ${what.command} <container-id>\``,
        );
      }
      const n = Number.parseInt(answer, 10);
      if (/^\d+$/.test(answer) && n >= 1 && n <= candidates.length) return candidates[n - 1]!;
      const byId = candidates.filter((t) => answer !== '' && shortId(t).startsWith(answer));
      if (byId.length === 1) return byId[0]!;
      ctx.note(`Type a number from 1 to ${candidates.length}.\n`);
    }
  } finally {
    rl.close();
  }
}
