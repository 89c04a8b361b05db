/**
 * A session's conversation from the command line: `restart [id] [--fresh]` (the agent resumes
 * its conversation, or starts a new one), `fork [id] [--conversation]` (a new session at this
 * one's branch tip) and `export-conversation <dir> [id]` (its transcripts to a host folder).
 */
import { resolve } from 'node:path';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean } from './output';
import { checkTrustFlags, decideFromFlags, type ProjectConfigFlags } from './project-trust';
import { chooseSession } from './session-arg';

export interface RestartOptions {
  fresh?: boolean;
  json?: boolean;
}

export async function restartCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: RestartOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'restart', command: 'restart' });
  const api = await ctx.getApi();
  const after = await api.restartSession({
    id: session.id,
    ...(opts.fresh ? { fresh: true } : {}),
  });
  if (opts.json) printJson(ctx, after);
  else
    ctx.print(
      `Restarted ${clean(after.name)}: ${opts.fresh ? 'the agent starts a new conversation' : 'the agent continues its conversation'}. \`claude-run attach ${after.id}\` opens it.\n`,
    );
  return 0;
}

export interface ForkOptions extends ProjectConfigFlags {
  conversation?: boolean;
  name?: string;
  prompt?: string;
  json?: boolean;
}

export async function forkCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: ForkOptions,
): Promise<number> {
  const source = await chooseSession(ctx, id, { verb: 'fork', command: 'fork' });
  const api = await ctx.getApi();
  ctx.note(
    `Forking ${clean(source.name)} at the tip of ${clean(source.branch)}${opts.conversation ? ', with its conversation' : ''}…\n`,
  );
  checkTrustFlags(opts);
  // The same file the source started with applies; the flags decide an untrusted project file.
  const projectConfig = await decideFromFlags(
    ctx,
    api,
    { folder: source.folder, ...(source.configPath ? { configPath: source.configPath } : {}) },
    opts,
  );
  const fork = await api.forkSession({
    id: source.id,
    ...(projectConfig ? { projectConfig } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.prompt ? { prompt: opts.prompt } : {}),
    ...(opts.conversation ? { copyConversation: true } : {}),
  });
  if (opts.json) printJson(ctx, fork);
  else
    ctx.print(
      `Forked ${clean(source.name)} → ${clean(fork.name)} (branch ${clean(fork.branch)}, at ${(fork.baseCommit ?? '').slice(0, 12)}). \`claude-run attach ${fork.id}\` opens it.\n`,
    );
  return 0;
}

export interface ExportOptions {
  json?: boolean;
}

export async function exportConversationCommand(
  ctx: CliContext,
  dir: string,
  id: string | undefined,
  opts: ExportOptions,
): Promise<number> {
  const session = await chooseSession(ctx, id, {
    verb: 'export the conversation of',
    command: 'export-conversation <dir>',
  });
  const api = await ctx.getApi();
  const r = await api.exportConversation({ id: session.id, folder: resolve(ctx.io.cwd, dir) });
  if (opts.json) printJson(ctx, r);
  else {
    for (const why of r.refused) ctx.note(`${ctx.err.yellow('not exported:')} ${clean(why)}\n`);
    ctx.print(
      `Exported ${r.files} transcript file(s), ${r.bytes} bytes, of ${clean(session.name)} to ${clean(r.folder)}.\n`,
    );
  }
  return 0;
}
