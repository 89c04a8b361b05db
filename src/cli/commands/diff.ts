/**
 * `claude-run diff [id] [--stat] [--commit C | --range A..B] [--json]`: the session's changes
 * (default: the whole session against its base) as a patch, or `--stat` as a table of files.
 * The patch is the agent's text: on a terminal its control sequences are shown, not obeyed;
 * piped, it is written as git made it (so it applies with `git apply`).
 */
import type { Api } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { DiffFile, DiffSummary, FileDiff } from '../../shared/schemas/commits';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean, table } from './output';
import { commitList, resolveCommit } from './revs';
import { chooseSession } from './session-arg';
import { terminalSafe } from './terminal-safe';

export interface DiffOptions {
  stat?: boolean;
  commit?: string;
  range?: string;
  json?: boolean;
}

export async function diffCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: DiffOptions,
): Promise<number> {
  if (opts.commit !== undefined && opts.range !== undefined) {
    throw new AppError('bad-arguments', 'give --commit or --range, not both');
  }
  const session = await chooseSession(ctx, id, { verb: 'show the diff of', command: 'diff' });
  const api = await ctx.getApi();
  const sessionId = session.id;
  let summary: DiffSummary;
  if (opts.commit !== undefined) {
    const commit = resolveCommit(await commitList(api, sessionId), opts.commit, '--commit');
    summary = await api.getCommitDiff({ sessionId, commit });
  } else if (opts.range !== undefined) {
    const m = /^(.+?)\.\.(.+)$/.exec(opts.range);
    if (!m) throw new AppError('bad-arguments', '--range is A..B', 'e.g. --range base..tip');
    const list = await commitList(api, sessionId);
    const from = resolveCommit(list, m[1]!, '--range start');
    const to = resolveCommit(list, m[2]!, '--range end');
    summary = await api.getRangeDiff({ sessionId, from, to });
  } else {
    summary = await api.getSessionDiff({ sessionId });
  }
  if (summary.truncated) {
    ctx.note(`${ctx.err.yellow('note:')} more files changed than the list holds; not all shown\n`);
  }
  if (opts.stat) {
    if (opts.json) printJson(ctx, summary);
    else printStat(ctx, summary);
    return 0;
  }
  const patches = await filePatches(api, summary, opts.commit !== undefined);
  if (opts.json) {
    printJson(ctx, { ...summary, patches });
    return 0;
  }
  printPatches(ctx, patches);
  return 0;
}

async function filePatches(api: Api, s: DiffSummary, oneCommit: boolean): Promise<FileDiff[]> {
  const out: FileDiff[] = [];
  for (const f of s.files) {
    out.push(
      await api.getFileDiff({
        sessionId: s.sessionId,
        ...(oneCommit ? { commit: s.to } : { ...(s.from ? { from: s.from } : {}), to: s.to }),
        path: f.path,
        ...(f.oldPath ? { oldPath: f.oldPath } : {}),
        // The CLI shows what the user asked for: a file above the app's size guard too.
        loadAnyway: true,
      }),
    );
  }
  return out;
}

function printPatches(ctx: CliContext, patches: FileDiff[]): void {
  const tty = ctx.io.stdout.isTTY === true;
  const p = ctx.out;
  for (const f of patches) {
    if (f.binary || f.patch === '') {
      const what = f.binary ? 'Binary file' : f.tooLarge ? 'File too large' : 'No text change';
      const path = tty ? clean(f.path) : f.path;
      ctx.print(`${p.bold(`diff ${path}`)}\n${what}: ${path} (${f.status})\n`);
      continue;
    }
    const text = f.patch.endsWith('\n') ? f.patch : `${f.patch}\n`;
    if (!tty) {
      ctx.print(text);
      continue;
    }
    ctx.print(
      terminalSafe(text)
        .split('\n')
        .map((line) => colourLine(line, p))
        .join('\n'),
    );
  }
}

function colourLine(line: string, p: CliContext['out']): string {
  if (/^(diff |index |--- |\+\+\+ )/.test(line)) return p.bold(line);
  if (line.startsWith('@@')) return p.dim(line);
  if (line.startsWith('+')) return p.green(line);
  if (line.startsWith('-')) return p.red(line);
  return line;
}

function printStat(ctx: CliContext, s: DiffSummary): void {
  if (s.files.length === 0) {
    ctx.note('No changes.\n');
    return;
  }
  const rows = s.files.map((f: DiffFile) => [
    f.status,
    f.binary ? 'bin' : `+${f.insertions ?? 0}`,
    f.binary ? '' : `-${f.deletions ?? 0}`,
    f.oldPath ? `${clean(f.oldPath)} -> ${clean(f.path)}` : clean(f.path),
  ]);
  ctx.print(table(['STATUS', 'ADDED', 'REMOVED', 'FILE'], rows));
  const ins = s.files.reduce((n, f) => n + (f.insertions ?? 0), 0);
  const del = s.files.reduce((n, f) => n + (f.deletions ?? 0), 0);
  ctx.print(`${s.files.length} file${s.files.length === 1 ? '' : 's'} changed, +${ins} -${del}\n`);
}
