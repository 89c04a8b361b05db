/**
 * `claude-run review send [id]`: the message the draft comments make, shown exactly as the
 * agent will get it, confirmed, then delivered (at once with --now, else when the agent waits
 * for input). `--print` writes it for editing; `--message-file` sends the edited text instead
 * (the core neutralises its control characters again).
 */
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { confirm, printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { chooseSession } from './session-arg';
import { terminalSafe } from './terminal-safe';

export interface ReviewSendOptions {
  now?: boolean;
  yes?: boolean;
  json?: boolean;
  print?: boolean;
  messageFile?: string;
}

const MAX_MESSAGE = 200_000;

async function readMessage(path: string): Promise<string> {
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0 || size > MAX_MESSAGE * 4) {
    throw new AppError(
      'bad-arguments',
      size < 0
        ? `--message-file ${clean(path)} is not a readable file`
        : `--message-file ${clean(path)} is larger than a message can be`,
      'write the message with `claude-run review send --print > msg.txt`, edit it, then pass that file',
    );
  }
  const text = await readFile(path, 'utf8');
  if (!text.trim()) {
    throw new AppError(
      'bad-arguments',
      `--message-file ${clean(path)} is empty`,
      'nothing was sent',
    );
  }
  return text;
}

export async function reviewSendCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: ReviewSendOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, {
    verb: 'send the review of',
    command: 'review send',
  });
  const api = await ctx.getApi();
  const composed = await api.composeReview({ sessionId: session.id });
  if (composed.commentIds.length === 0) {
    throw new AppError(
      'nothing-to-send',
      'there are no draft comments to send',
      'add one with `claude-run review add`',
    );
  }
  if (opts.print) {
    // For editing: `review send --print > msg.txt`, edit, `review send --message-file msg.txt`.
    ctx.print(ctx.io.stdout.isTTY ? terminalSafe(composed.text) : composed.text);
    return 0;
  }
  const text = opts.messageFile !== undefined ? await readMessage(opts.messageFile) : composed.text;
  // What the agent will read, exactly; on stderr with --json so stdout stays one document.
  const shown = ctx.io.stdout.isTTY ? terminalSafe(text) : text;
  const write = (s: string) => (opts.json ? ctx.note(s) : ctx.print(s));
  write(
    `${ctx.out.dim('--- message to the agent ---')}\n${shown}${shown.endsWith('\n') ? '' : '\n'}`,
  );
  write(`${ctx.out.dim('--- end of message ---')}\n`);
  if (composed.neutralised && opts.messageFile === undefined) {
    ctx.note('note: control characters in quoted code were removed (the message says so too).\n');
  }
  await confirm(ctx, `Send these ${composed.commentIds.length} comment(s) to the agent?`, {
    ...(opts.yes ? { yes: true } : {}),
    command: 'review send',
  });
  const result = await api.sendReview({
    sessionId: session.id,
    text,
    commentIds: composed.commentIds,
    when: opts.now ? 'now' : 'when-waiting',
  });
  if (opts.json) printJson(ctx, result);
  else if (result.delivered)
    ctx.print(`Sent ${composed.commentIds.length} comment(s) to the agent (${result.via}).\n`);
  else {
    ctx.print(
      `Queued ${composed.commentIds.length} comment(s): they go to the agent when it asks for input (\`claude-run review send --now\` does not wait).\n`,
    );
  }
  return 0;
}
