/**
 * The session commands on the `claude-run` program: start, attach, list/ls, stop, logs, clean,
 * config, and `claude-run [folder]` with no command (= start). Each action runs one command
 * function on its own context (run.ts's runner); the exit code goes back to runCli.
 */
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { attachCommand } from './attach';
import { cleanCommand } from './clean';
import type { CliCommand } from './command';
import { configCommand } from './config';
import type { CliDeps } from './context';
import { listCommand } from './list';
import { logsCommand } from './logs';
import { plain, runner } from './run';
import { type StartOptions, startCommand, startContext } from './start';
import { NETWORK_HELP, collect } from './start-network';
import { IGNORE_FLAG, type ProjectConfigFlags, TRUST_FLAG } from './project-trust';
import { stopCommand } from './stop';

const START_OPTIONS = (c: Command) =>
  c
    .option('-c, --config <path>', 'configuration file (default: ./claude-run.config.json)')
    .option(
      '-n, --name <name>',
      'session name: branch claude/<name>, container <prefix>-claude-<name>',
    )
    .option('--no-web', 'attach the agent in this terminal instead of the web UI')
    .option('--no-push', 'disable automatic branch pushing')
    .option('--no-pr', 'disable automatic PR creation')
    .option('--prompt <text>', 'initial prompt for the agent')
    .option('--branch <name>', 'branch name for the session (default claude/<date-time>)')
    .option('--network <mode>', NETWORK_HELP)
    .option(
      '--allow <pattern>',
      'allowlist a host (host[:port] or *.domain; repeatable; implies --network allowlist)',
      collect,
    )
    .option(
      '--preset <name>',
      'allowlist a preset (github, npm, pypi…; repeatable; implies --network allowlist)',
      collect,
    )
    .option('--mcp <names>', 'your MCP servers for this start: a,b or none (see claude-run mcp)');

/** The project config file's trust, for every command that starts a session. */
const TRUST_OPTIONS = (c: Command) =>
  c
    .option(
      TRUST_FLAG,
      "trust the project's claude-run.config.json as it is now (its settings are listed)",
    )
    .option(IGNORE_FLAG, "start without the project config's settings that need trust");

export const startSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    TRUST_OPTIONS(START_OPTIONS(program.command('start')))
      .description(
        'Start a new session for the current folder (web UI, or --no-web for this terminal).',
      )
      // The program has the trust flags too (for `claude-run [folder]`) and takes them wherever
      // they are on the line: the merged options are what the user typed.
      .action((_opts: StartOptions, cmd: Command) => {
        const opts = cmd.optsWithGlobals<StartOptions>();
        return run(
          (deps) => startContext(deps, opts),
          (ctx) => startCommand(ctx, opts),
        );
      });
  },
};

/** `claude-run [folder]`: a session for that folder (default: the current one) in the web UI. */
export function runDefaultStart(
  deps: CliDeps,
  folder?: string,
  flags: ProjectConfigFlags = {},
): Promise<void> {
  const opts: StartOptions = {
    ...(flags.trustProjectConfig ? { trustProjectConfig: true } : {}),
    ...(flags.ignoreProjectConfig ? { ignoreProjectConfig: true } : {}),
  };
  return runner(deps, folder)(
    (deps) => startContext(deps, opts),
    (ctx) => startCommand(ctx, opts),
  );
}

/** The program's own action: `claude-run [folder]` runs runDefaultStart. */
export const defaultStartCommand: CliCommand = {
  register(program, deps) {
    TRUST_OPTIONS(program)
      // The spec's `claude-run --web`: the default start, whose UI is the web UI already.
      .option('--web', 'start a session with the web UI (the default; same as `claude-run`)')
      .argument('[folder]', 'folder to start a session for (default: the current folder)')
      .action((folder: string | undefined, flags: ProjectConfigFlags) =>
        runDefaultStart(deps, folder, flags),
      )
      // Program options are taken anywhere on the line: a trust flag with a command that
      // starts nothing is a mistake to say, not to ignore.
      .hook('preSubcommand', (root, sub) => {
        const flags = root.opts<ProjectConfigFlags & { web?: boolean }>();
        if (flags.web && !['start', 'attach', 'web'].includes(sub.name())) {
          throw new AppError(
            'bad-arguments',
            `--web opens the web UI of a session; \`${sub.name()}\` has none`,
            'run `claude-run --web` (or `claude-run`) to start a session with the web UI',
          );
        }
        if (sub.name() !== 'start' && (flags.trustProjectConfig || flags.ignoreProjectConfig)) {
          throw new AppError(
            'bad-arguments',
            `${flags.trustProjectConfig ? TRUST_FLAG : IGNORE_FLAG} is for starting a session, not for \`${sub.name()}\``,
            'use it with `claude-run start` or `claude-run [folder]`',
          );
        }
      });
  },
};

export const attachSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('attach [container-id]')
      .description(
        'Attach to a running session: web UI, or this terminal with --no-web (detach: Ctrl-P Ctrl-Q).',
      )
      .option('--no-web', 'use terminal attach instead of the web UI')
      .action((id: string | undefined, opts: { web?: boolean }) =>
        run(plain, (ctx) => attachCommand(ctx, id, opts)),
      );
  },
};

export const listSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('list')
      .alias('ls')
      .description("List the app's containers and sessions.")
      .option('-a, --all', 'show all containers (including stopped)')
      .option('--json', 'one JSON document on stdout (see docs/cli.md)')
      .action((opts: { all?: boolean; json?: boolean }) =>
        run(plain, (ctx) => listCommand(ctx, opts)),
      );
  },
};

export const stopSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('stop [container-id]')
      .description('Stop a container (interactive selection without an id).')
      .option('--all', 'stop all running containers of the app')
      .action((id: string | undefined, opts: { all?: boolean }) =>
        run(plain, (ctx) => stopCommand(ctx, id, opts)),
      );
  },
};

export const logsSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('logs [container-id]')
      .description("Show a container's logs.")
      .option('-f, --follow', 'follow log output')
      .option('-n, --tail <lines>', 'number of lines to show, or "all"', '50')
      .action((id: string | undefined, opts: { follow?: boolean; tail?: string }) =>
        run(plain, (ctx) => {
          const ac = new AbortController();
          const stop = () => ac.abort();
          process.once('SIGINT', stop);
          return logsCommand(ctx, id, opts, ac.signal).finally(() => process.off('SIGINT', stop));
        }),
      );
  },
};

export const cleanSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('clean')
      .description("Remove the app's stopped containers (the sessions' branches are kept).")
      .option('--force', 'remove all containers of the app, running ones too')
      .action((opts: { force?: boolean }) => run(plain, (ctx) => cleanCommand(ctx, opts)));
  },
};

export const configSessionCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('config')
      .description(
        'Show the effective config (secrets redacted), its files, the engine and the credentials found.',
      )
      .option('--json', 'one JSON document on stdout (see docs/cli.md)')
      .action((opts: { json?: boolean }) => run(plain, (ctx) => configCommand(ctx, opts)));
  },
};

export const sessionCommands: CliCommand[] = [
  defaultStartCommand,
  startSessionCommand,
  attachSessionCommand,
  listSessionCommand,
  stopSessionCommand,
  logsSessionCommand,
  cleanSessionCommand,
  configSessionCommand,
];
