/**
 * The commands that take a session's work further: diff, review, merge, push, pr, discard.
 * Each runs one command function on its own context (see run.ts's runner).
 */
import { type Command, Option } from 'commander';
import type { CliCommand } from './command';
import { diffCommand, type DiffOptions } from './diff';
import { discardCommand, type DiscardOptions } from './discard';
import { mergeCommand, type MergeOptions } from './merge';
import { prCommand, type PrOptions, pushCommand, type PushOptions } from './publish';
import {
  type ReviewAddOptions,
  reviewAddCommand,
  reviewListCommand,
  reviewRmCommand,
} from './review';
import { type ReviewSendOptions, reviewSendCommand } from './review-send';
import { plain, runner } from './run';

const JSON_HELP = 'one JSON document on stdout (see docs/cli.md)';
const SESSION_ARG = '[id]';
const SESSION_HELP = 'session (id, prefix, name or branch; default: the current folder’s)';

export const diffWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('diff')
      .argument(SESSION_ARG, SESSION_HELP)
      .description("Show the session's changes as a patch (default: the whole session).")
      .option('--stat', 'a table of the changed files instead of the patch')
      .addOption(
        new Option('--commit <commit>', 'one commit (a hash prefix, base or tip)').conflicts(
          'range',
        ),
      )
      .option('--range <from..to>', 'from one commit to another, e.g. base..tip')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: DiffOptions) =>
        run(plain, (ctx) => diffCommand(ctx, id, opts)),
      );
  },
};

export const reviewWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    const review = program
      .command('review')
      .argument(SESSION_ARG, SESSION_HELP)
      .description('List the pending review comments; add, send or remove them (subcommands).')
      .option('-a, --all', 'sent comments too')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: { all?: boolean; json?: boolean }) =>
        run(plain, (ctx) => reviewListCommand(ctx, id, opts)),
      );
    review
      .command('add')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        'Add a draft comment on a line or range, a file, or (without --file) the session.',
      )
      .option('--file <path>', 'the file, as the diff names it')
      .option('--line <n[-m]>', 'a line or an inclusive range, e.g. 12 or 12-14')
      .addOption(new Option('--side <side>', 'which side of the diff').choices(['old', 'new']))
      .option('--commit <commit>', 'the commit the lines are read in (default: the branch tip)')
      .requiredOption('-m, --message <text>', 'the comment')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: ReviewAddOptions) =>
        run(plain, (ctx) => reviewAddCommand(ctx, id, opts)),
      );
    review
      .command('send')
      .argument(SESSION_ARG, SESSION_HELP)
      .description('Show the message the draft comments make, confirm, and send it to the agent.')
      .option(
        '--now',
        'deliver at once, even if the agent is busy (default: when it waits for input)',
      )
      .option('-y, --yes', 'send without asking')
      .option('--print', 'only print the message (to edit it and send it with --message-file)')
      .option('--message-file <path>', 'send this (edited) message instead of the composed one')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: ReviewSendOptions) =>
        run(plain, (ctx) => reviewSendCommand(ctx, id, opts)),
      );
    review
      .command('rm')
      .argument('<comment-id>', 'the comment (its id or a prefix, as `claude-run review` lists it)')
      .argument(SESSION_ARG, SESSION_HELP)
      .description('Remove a comment.')
      .action((commentId: string, id: string | undefined) =>
        run(plain, (ctx) => reviewRmCommand(ctx, commentId, id)),
      );
  },
};

export const mergeWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('merge')
      .argument(SESSION_ARG, SESSION_HELP)
      .description(
        "Merge the session's branch into a local branch without touching your checkout (fast-forward when possible).",
      )
      .option('--into <branch>', 'the target branch (default: the branch the session started from)')
      .addOption(
        new Option('--squash', 'one commit (message: -m, or the session’s commits)').conflicts(
          'rebase',
        ),
      )
      .option('--rebase', 'replay the commits onto the target, then fast-forward')
      .option('-m, --message <text>', 'the squash or merge commit message')
      .option('--ask-agent', 'ask the agent to rebase onto the target (after conflicts)')
      .option('--update-checkout', 'update your work tree when the target is checked out there')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: MergeOptions) =>
        run(plain, (ctx) => mergeCommand(ctx, id, opts)),
      );
  },
};

const REMOTE = (c: Command) =>
  c.option('--remote <name>', 'the git remote (default: the config’s pushRemote, "origin")');

export const pushWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    REMOTE(
      program
        .command('push')
        .argument(SESSION_ARG, SESSION_HELP)
        .description("Push the session's branch to its remote."),
    )
      .option(
        '--rewrite',
        'the agent rewrote the branch: replace the pushed one (force-with-lease)',
      )
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: PushOptions) =>
        run(plain, (ctx) => pushCommand(ctx, id, opts)),
      );
  },
};

export const prWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    REMOTE(
      program
        .command('pr')
        .argument(SESSION_ARG, SESSION_HELP)
        .description(
          'Push the branch and open a pull (merge) request, pre-filled from the commits.',
        ),
    )
      .option('--draft', 'open it as a draft')
      .option('--title <title>', 'the title (default: from the commits)')
      .option('--body <text>', 'the description (default: from the commits)')
      .option('--base <branch>', "the branch to merge into (default: the repository's default)")
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: PrOptions) =>
        run(plain, (ctx) => prCommand(ctx, id, opts)),
      );
  },
};

export const discardWorkCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    program
      .command('discard')
      .argument(SESSION_ARG, SESSION_HELP)
      .description('Stop and remove the session (its branch is kept unless --delete-branch).')
      .option('--delete-branch', 'delete the session branch too')
      .option('-y, --yes', 'do not ask')
      .option('--force', 'also when its commits are neither pushed nor merged (implies --yes)')
      .option('--json', JSON_HELP)
      .action((id: string | undefined, opts: DiscardOptions) =>
        run(plain, (ctx) => discardCommand(ctx, id, opts)),
      );
  },
};

export const workCommands: CliCommand[] = [
  diffWorkCommand,
  reviewWorkCommand,
  mergeWorkCommand,
  pushWorkCommand,
  prWorkCommand,
  discardWorkCommand,
];
