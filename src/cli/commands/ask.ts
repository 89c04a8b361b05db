/**
 * Questions and machine output for the work commands. A question is asked on stderr and read
 * as one line from stdin; `--json` output is one document on stdout and nothing else there.
 */
import { createInterface } from 'node:readline';
import { AppError } from '../../shared/errors';
import type { CliContext } from './context';

/**
 * One line reader per input for the whole command: a second question must get the line typed
 * (or piped) after the first answer, which a reader made per question would have swallowed.
 */
const readers = new WeakMap<object, AsyncIterator<string>>();

function linesOf(ctx: CliContext): AsyncIterator<string> {
  let it = readers.get(ctx.io.stdin);
  if (!it) {
    const rl = createInterface({ input: ctx.io.stdin, terminal: false });
    it = rl[Symbol.asyncIterator]();
    readers.set(ctx.io.stdin, it);
  }
  return it;
}

/** The user's one-line answer, or null at the end of the input. */
export async function askLine(ctx: CliContext, question: string): Promise<string | null> {
  ctx.io.stderr.write(question);
  const next = await linesOf(ctx).next();
  return next.done ? null : String(next.value).trim();
}

/** y/N on a terminal; `yes` (the --yes flag) skips it; without a terminal it is refused. */
export async function confirm(
  ctx: CliContext,
  question: string,
  opts: { yes?: boolean; flag?: string; command: string },
): Promise<void> {
  if (opts.yes) return;
  const flag = opts.flag ?? '--yes';
  if (!ctx.io.stdin.isTTY) {
    throw new AppError(
      'confirmation-needed',
      `${question.replace(/\?$/, '')}: this needs a confirmation and stdin is not a terminal`,
      `run \`claude-run ${opts.command} ${flag}\` to confirm it in a script`,
    );
  }
  const answer = await askLine(ctx, `${question} [y/N] `);
  if (!answer || !/^y(es)?$/i.test(answer)) {
    throw new AppError('cancelled', 'nothing was changed', `\`${flag}\` answers yes for you`);
  }
}

/** The one JSON document of `--json`: stable field names, documented in docs/cli.md. */
export function printJson(ctx: CliContext, doc: unknown): void {
  ctx.print(`${JSON.stringify(doc, null, 2)}\n`);
}
