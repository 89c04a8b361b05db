/** `restart`, `fork` and `export-conversation` on the `claude-run` program (see resume.ts). */
import type { CliCommand } from './command';
import {
  exportConversationCommand,
  type ExportOptions,
  forkCommand,
  type ForkOptions,
  restartCommand,
  type RestartOptions,
} from './resume';
import { IGNORE_FLAG, TRUST_FLAG } from './project-trust';
import { plain, runner } from './run';

const JSON_HELP = 'one JSON document on stdout (see docs/cli.md)';
const SESSION_ARG = '[id]';
const SESSION_HELP = 'session (id, prefix, name or branch; default: the current folder’s)';

export const restartResumeCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('restart')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        "Restart the session's container and agent; the agent continues its conversation (agent.resume).",
      )
      .option('--fresh', 'start the agent without the resume args: a new conversation')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: RestartOptions) =>
        run(plain, (ctx) => restartCommand(ctx, id, opts)),
      );
  },
};

export const forkResumeCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('fork')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        "Start a new session (own container and branch) at this session's branch tip as imported.",
      )
      .option('--conversation', 'copy its conversation into the new session and resume it')
      .option('-n, --name <branch>', 'the new branch (default claude/<date-time>)')
      .option('--prompt <text>', "a first prompt for the new session's agent")
      .option(TRUST_FLAG, "trust the repository's own config file as it is now")
      .option(IGNORE_FLAG, "leave out the settings of the repository's config file that need trust")
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: ForkOptions) =>
        run(plain, (ctx) => forkCommand(ctx, id, opts)),
      );
  },
};

export const exportResumeCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('export-conversation')
      .argument('<dir>', 'the host folder to write the transcripts to (made when missing)')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        "Copy the session's Claude Code transcripts (~/.claude/projects) to a folder; works on a stopped session.",
      )
      .option('--json', JSON_HELP)
      .action((dir: string, id: string | undefined, opts: ExportOptions) =>
        run(plain, (ctx) => exportConversationCommand(ctx, dir, id, opts)),
      );
  },
};

export const resumeCommands: CliCommand[] = [
  restartResumeCommand,
  forkResumeCommand,
  exportResumeCommand,
];
