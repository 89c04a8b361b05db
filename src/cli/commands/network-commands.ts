/**
 * The network commands on the `claude-run` program: network (policy, gateway, denials), allow,
 * ports and port. Each runs one command function on its own context (see run.ts).
 */
import { parsePort } from './parse-port';
import type { CliCommand } from './command';
import { allowCommand, networkCommand } from './network';
import { portCommand, portsCommand } from './ports';
import { plain, runner } from './run';

const JSON_HELP = 'one JSON document on stdout (see docs/cli.md)';
const SESSION_ARG = '[id]';
const SESSION_HELP = 'session (id, prefix, name or branch; default: the current folder’s)';

export const networkNetCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('network')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        "Show the session's network policy, its gateway, and the connections it refused (newest first).",
      )
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: { json?: boolean }) =>
        run(plain, (ctx) => networkCommand(ctx, id, opts)),
      );
  },
};

export const allowNetCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('allow')
      .argument('<pattern>', 'host[:port], *.domain or an IP address (no port: 80 and 443)')
      .argument(SESSION_ARG, SESSION_HELP)
      .description("Allow a host on the session's allowlist (this session only, or --project).")
      .option('--project', 'also for later sessions of this folder (written to your user config)')
      .option('--json', JSON_HELP)
      .action(
        (pattern: string, id: string | undefined, opts: { project?: boolean; json?: boolean }) =>
          run(plain, (ctx) => allowCommand(ctx, pattern, id, opts)),
      );
  },
};

export const portsNetCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('ports')
      .argument(SESSION_ARG, SESSION_HELP)
      .description('List the TCP ports processes in the session’s container listen on.')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: { json?: boolean }) =>
        run(plain, (ctx) => portsCommand(ctx, id, opts)),
      );
  },
};

export const portNetCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('port')
      .argument('<port>', 'the port in the container', parsePort)
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        'Serve a container port on a loopback port of this machine until Ctrl-C (the URL is printed).',
      )
      .action((port: number, id: string | undefined) =>
        run(plain, (ctx) => portCommand(ctx, port, id)),
      );
  },
};

export const networkCommands: CliCommand[] = [
  networkNetCommand,
  allowNetCommand,
  portsNetCommand,
  portNetCommand,
];
