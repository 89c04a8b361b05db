/** `claude-run list` / `ls`: the app's containers and sessions as a table. */
import type { SessionUsage, UsageReport } from '../../shared/schemas/usage';
import { formatCost, formatTokens, totalTokens } from '../../shared/usage-format';
import { printJson } from './ask';
import type { CliContext } from './context';
import { fitRows } from './fit';
import { ago, clean, table } from './output';
import { type Target, findTargets, shortId } from './targets';

export interface ListOptions {
  all?: boolean;
  json?: boolean;
}

/** One row of `list --json` (field names are documented in docs/cli.md: keep them). */
export interface ListJsonRow {
  id: string;
  sessionId: string | null;
  containerId: string | null;
  name: string;
  branch: string;
  baseBranch: string | null;
  status: string;
  running: boolean;
  createdAt: string | null;
  folder: string;
  recorded: boolean;
  /** Tokens and estimated cost from the session's transcripts; null: none seen. */
  usage: RowUsage | null;
}

/** `usage` of a row: the session's figures without its id (the row has it). */
export type RowUsage = Omit<SessionUsage, 'sessionId'>;

export function listJsonRow(t: Target, usage?: SessionUsage): ListJsonRow {
  return {
    id: shortId(t),
    sessionId: t.sessionId,
    containerId: t.containerId,
    name: t.name,
    branch: t.branch,
    baseBranch: t.session?.baseBranch ?? null,
    status: t.status,
    running: t.running,
    createdAt: t.created && !Number.isNaN(t.created.getTime()) ? t.created.toISOString() : null,
    folder: t.folder,
    recorded: t.foreign,
    usage: usage ? rowUsage(usage) : null,
  };
}

function rowUsage(u: SessionUsage): RowUsage {
  const { sessionId: _id, ...rest } = u;
  return rest;
}

/** The figures of every session, or none when they cannot be read (the list still shows). */
async function readUsage(ctx: CliContext): Promise<UsageReport | null> {
  try {
    return await (await ctx.getApi()).getUsage({});
  } catch {
    return null;
  }
}

export async function listCommand(ctx: CliContext, opts: ListOptions): Promise<number> {
  const { targets, engineProblem } = await findTargets(ctx);
  if (engineProblem) {
    ctx.note(
      `${ctx.err.yellow('warning:')} ${engineProblem.message}; showing the recorded sessions only\n`,
    );
  }
  // A record whose engine cannot be asked now is shown with its last known status.
  const shown = opts.all
    ? targets
    : targets.filter((t) => t.running || t.status === 'starting' || t.foreign);
  const report = await readUsage(ctx);
  const usageOf = (t: Target) =>
    t.sessionId ? report?.sessions.find((u) => u.sessionId === t.sessionId) : undefined;
  if (opts.json) {
    printJson(ctx, {
      containers: shown.map((t) => listJsonRow(t, usageOf(t))),
      usageToday: report?.today ?? null,
      engineProblem: engineProblem ? engineProblem.toPayload() : null,
    });
    return 0;
  }
  if (shown.length === 0) {
    const hidden = targets.length - shown.length;
    ctx.note(
      hidden > 0
        ? `No running containers (${hidden} stopped; \`claude-run list --all\` shows them).\n`
        : 'No Claude Code Runner containers. Start one with `claude-run` in a git repository.\n',
    );
    return 0;
  }
  const now = new Date();
  const p = ctx.out;
  const rows = shown.map((t: Target) => [
    shortId(t),
    clean(t.name),
    clean(t.branch) || '-',
    colorStatus(t.status, p) + (t.foreign ? ' (recorded)' : ''),
    ago(t.created, now),
    ...usageCells(usageOf(t)),
    clean(t.folder) || '-',
  ]);
  const header = ['ID', 'NAME', 'BRANCH', 'STATUS', 'CREATED', 'TOKENS', 'COST', 'FOLDER'];
  const out = ctx.io.stdout;
  // On a terminal every row stays one line; piped output keeps the values whole for scripts.
  const fitted =
    out.isTTY && out.columns && out.columns > 0
      ? fitRows(header, rows, out.columns, [
          { column: 1, min: 12 },
          { column: 2, min: 12 },
          { column: 7, min: 12, keep: 'end' },
        ])
      : rows;
  ctx.print(table(header, fitted));
  const unpriced = new Set(shown.flatMap((t) => usageOf(t)?.unpricedModels ?? []));
  if (unpriced.size > 0)
    ctx.note(
      `* estimated cost without ${[...unpriced].map(clean).join(', ')} (not in the price table)\n`,
    );
  return 0;
}

/** TOKENS and COST cells: a dash without figures, a cost marked * when some model has no price. */
function usageCells(u: SessionUsage | undefined): [string, string] {
  if (!u || !u.updatedAt) return ['-', '-'];
  const cost = formatCost(u.costUsd);
  return [formatTokens(totalTokens(u.tokens)), u.unpricedModels.length ? `${cost}*` : cost];
}

function colorStatus(status: string, p: CliContext['out']): string {
  if (status === 'running') return p.green(status);
  if (status === 'failed' || status === 'gone') return p.red(status);
  if (status === 'starting') return p.yellow(status);
  return status;
}
