/**
 * `claude-run start` (and `claude-run` with no command): a new session for the current folder,
 * with the web UI (default) or the agent's terminal right here (--no-web). Progress of the
 * start (image, copy, setup commands) is shown as lines while it runs.
 */
import { AppError } from '../../shared/errors';
import { CliContext, type CliDeps } from './context';
import { clean } from './output';
import { parseMcpNames } from './mcp';
import { showProgress } from './progress';
import { type NetworkFlags, networkChoice } from './start-network';
import {
  type ProjectConfigFlags,
  checkTrustFlags,
  startDecidingProjectConfig,
} from './project-trust';
import { openWeb, serveUntilInterrupted } from './serve';
import { attachSessionTerminal } from './terminal';

export interface StartOptions extends ProjectConfigFlags, NetworkFlags {
  config?: string;
  name?: string;
  /** commander's --no-web / --no-push / --no-pr: false when given. */
  web?: boolean;
  push?: boolean;
  pr?: boolean;
  prompt?: string;
  branch?: string;
  /** --mcp a,b|none: this start's MCP servers (else the folder's choice). */
  mcp?: string;
}

/** --name is the session's name (branch claude/<name>); --branch names the branch outright. */
export function branchFor(opts: Pick<StartOptions, 'name' | 'branch'>): string | undefined {
  if (opts.name !== undefined && opts.branch !== undefined) {
    throw new AppError(
      'bad-arguments',
      'give either --name or --branch, not both',
      '--name main-dev makes branch claude/main-dev; --branch takes the whole branch name',
    );
  }
  if (opts.branch !== undefined) return opts.branch;
  if (opts.name !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(opts.name)) {
      throw new AppError(
        'bad-arguments',
        `--name "${clean(opts.name).slice(0, 40)}" is not a usable session name`,
        'use letters, digits, ".", "_" and "-" (it becomes the branch claude/<name> and the container name)',
      );
    }
    return `claude/${opts.name}`;
  }
  return undefined;
}

/** Builds the context with the overrides this command's flags ask for. */
export function startContext(deps: CliDeps, opts: StartOptions): CliContext {
  const commits = {
    ...(opts.push === false ? { autoPush: false } : {}),
    ...(opts.pr === false ? { autoCreatePR: false } : {}),
  };
  return new CliContext(deps, Object.keys(commits).length ? { commits } : {});
}

export async function startCommand(
  ctx: CliContext,
  opts: StartOptions,
  signal?: AbortSignal,
): Promise<number> {
  const name = branchFor(opts);
  const network = networkChoice(opts);
  const mcpServers = opts.mcp !== undefined ? parseMcpNames(opts.mcp) : undefined;
  checkTrustFlags(opts);
  const api = await ctx.getApi();
  await ctx.importCommits();
  const stopProgress = showProgress(ctx, api);
  ctx.note(`Starting a session for ${clean(ctx.io.cwd)}…\n`);
  let session;
  try {
    session = await startDecidingProjectConfig(
      ctx,
      api,
      {
        folder: ctx.io.cwd,
        ...(name !== undefined ? { name } : {}),
        ...(opts.prompt !== undefined ? { prompt: opts.prompt } : {}),
        ...(opts.config !== undefined ? { configPath: opts.config } : {}),
        ...(network !== undefined ? { network } : {}),
        ...(mcpServers !== undefined ? { mcpServers } : {}),
      },
      opts,
    );
  } finally {
    stopProgress();
  }
  ctx.print(
    `Session ${session.id} is ${session.status}: branch ${clean(session.branch)}, container ${clean(session.containerName)} (${(session.containerId ?? '').slice(0, 12)})\n`,
  );
  if (opts.push === false || opts.pr === false) {
    ctx.note(
      `Automatic ${[opts.push === false ? 'push' : '', opts.pr === false ? 'pull requests' : ''].filter(Boolean).join(' and ')} off for this run.\n`,
    );
  }
  if (opts.web === false) return attachSessionTerminal(ctx, session);
  // The web UI once the session runs: a start that fails never leaves a browser tab behind.
  await serveUntilInterrupted(ctx, await openWeb(ctx, session.id), signal);
  return 0;
}
