/**
 * `claude-run network [id] [--json]`: the session's network policy, whether its gateway is
 * running, and the connections it refused (newest first, each with the command allowing it).
 * `claude-run allow <pattern> [id] [--project]`: lets a host through for this session, or also
 * for later sessions of the folder (the user's own config; never the repository's file).
 */
import { AppError } from '../../shared/errors';
import { HostPattern } from '../../shared/schemas/network';
import { printJson } from './ask';
import type { CliContext } from './context';
import { networkText } from './network-format';
import { clean } from './output';
import { chooseSession } from './session-arg';

export async function networkCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: { json?: boolean },
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'show the network of', command: 'network' });
  const state = await (await ctx.getApi()).getNetworkState({ sessionId: session.id });
  if (opts.json) printJson(ctx, state);
  else ctx.print(networkText(state, session.name));
  return 0;
}

/** The user's pattern, normalized (lowercase), or an error saying what a pattern looks like. */
export function parseHostPattern(value: string, what = 'the host'): string {
  const r = HostPattern.safeParse(value);
  if (r.success) {
    const port = /:(\d+)$/.exec(r.data)?.[1];
    if (port === undefined || (Number(port) >= 1 && Number(port) <= 65535)) return r.data;
  }
  throw new AppError(
    'bad-arguments',
    `${what} "${clean(value).slice(0, 80)}" is not a host pattern`,
    'give a host name (github.com), *.domain (*.npmjs.org: its subdomains), or an IP address ([::1] for IPv6), with an optional :port (pypi.org:443; without one, 80 and 443)',
  );
}

export async function allowCommand(
  ctx: CliContext,
  pattern: string,
  id: string | undefined,
  opts: { project?: boolean; json?: boolean },
): Promise<number> {
  const host = parseHostPattern(pattern);
  const session = await chooseSession(ctx, id, { verb: 'allow a host for', command: 'allow' });
  const state = await (
    await ctx.getApi()
  ).allowHost({
    sessionId: session.id,
    pattern: host,
    scope: opts.project ? 'project' : 'session',
  });
  if (opts.json) {
    printJson(ctx, state);
    return 0;
  }
  ctx.print(
    opts.project
      ? `Allowed ${host} for ${clean(session.name)} and for later sessions of ${clean(session.folder)} (in your user config).\n`
      : `Allowed ${host} for ${clean(session.name)} (this session only; --project keeps it for the folder).\n`,
  );
  if (state.gateway === 'waiting') {
    ctx.note(
      'Note: the gateway is waiting; the agent has no network until the app or a long-running claude-run serves this session.\n',
    );
  }
  return 0;
}
