/**
 * `claude-run ports [id] [--json]`: the TCP ports processes in the session's container listen
 * on. `claude-run port <port> [id]`: serves one of them on a loopback port of this machine
 * until Ctrl-C; the forward lives in this process and closes with it.
 */
import { printJson } from './ask';
import type { CliContext } from './context';
import { portLine } from './network-format';
import { waitForInterrupt } from './serve';
import { chooseSession } from './session-arg';

export async function portsCommand(
  ctx: CliContext,
  id: string | undefined,
  opts: { json?: boolean },
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'list the ports of', command: 'ports' });
  const list = await (await ctx.getApi()).listPorts({ sessionId: session.id });
  if (opts.json) printJson(ctx, list);
  else if (list.ports.length === 0)
    ctx.note('No process in the container listens on a TCP port.\n');
  else ctx.print(list.ports.map((p) => `${portLine(p)}\n`).join(''));
  return 0;
}

export async function portCommand(
  ctx: CliContext,
  port: number,
  id: string | undefined,
  signal?: AbortSignal,
): Promise<number> {
  const session = await chooseSession(ctx, id, { verb: 'forward a port of', command: 'port' });
  const api = await ctx.getApi();
  const fwd = await api.forwardPort({ sessionId: session.id, port });
  ctx.print(`http://127.0.0.1:${fwd.hostPort}/ → container port ${port} (Ctrl-C to stop)\n`);
  await waitForInterrupt(signal);
  // The core's dispose (after every command) closes the forward; closePort would first list
  // the ports again (an engine exec): a step the stop need not wait for.
  ctx.note(`Stopped forwarding container port ${port}.\n`);
  return 0;
}
