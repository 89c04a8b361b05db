/**
 * `claude-run list` in a packaged build starts this Electron binary (the deb links
 * /usr/bin/claude-run to it, the "Install 'claude-run' Command…" menu item links
 * /usr/local/bin/claude-run). Fuses forbid ELECTRON_RUN_AS_NODE, so the main process runs the
 * Node CLI itself when its arguments name a CLI command: no window, no lock, no dock icon.
 * A bare folder (or nothing) still opens the app.
 */
import { app } from 'electron';
import type { CliDeps } from '../../cli/commands/context';
import { formatError } from '../../cli/commands/output';
import { processDeps } from '../../cli/process-deps';
import { buildProgram, runCli } from '../../cli/program';

const HELP_OR_VERSION = new Set(['-h', '--help', '-v', '--version']);
// Switches Chromium or a launcher may put before the user's words (AppImage users often need
// --no-sandbox); they are never the CLI's.
const CHROMIUM_SWITCHES = new Set(['--no-sandbox', '--disable-gpu', '--disable-gpu-sandbox']);

/** Every command name and alias the CLI knows (plus commander's implicit `help`). */
export function cliCommandNames(deps: CliDeps = processDeps()): Set<string> {
  const names = new Set(['help']);
  for (const command of buildProgram(deps).commands) {
    names.add(command.name());
    for (const alias of command.aliases()) names.add(alias);
  }
  return names;
}

/** The long options the CLI's top level takes (`--trust-project-config`, …). */
export function cliOptionNames(deps: CliDeps = processDeps()): Set<string> {
  const names = new Set<string>();
  for (const option of buildProgram(deps).options) if (option.long) names.add(option.long);
  return names;
}

/**
 * The CLI arguments when this launch is a CLI call, else null (open the app). argv[0] is the
 * executable; an unpackaged run also has the app path at argv[1]. A leading option the CLI
 * knows makes it a CLI call (`claude-run --trust-project-config start`); other leading `--…`
 * words are Chromium's or a launcher's and are skipped.
 */
export function cliArgsFromArgv(
  argv: readonly string[],
  isPackaged: boolean,
  names: ReadonlySet<string>,
  options: ReadonlySet<string> = new Set(),
): string[] | null {
  const args = argv.slice(isPackaged ? 1 : 2).filter((a) => !CHROMIUM_SWITCHES.has(a));
  let i = 0;
  while (i < args.length && args[i]!.startsWith('--') && !HELP_OR_VERSION.has(args[i]!)) {
    if (options.has(args[i]!.split('=')[0]!)) return args.slice(i);
    i++;
  }
  const first = args[i];
  if (first === undefined) return null;
  return names.has(first) || HELP_OR_VERSION.has(first) ? args.slice(i) : null;
}

/**
 * Runs the CLI and exits when this launch is a CLI call; returns false (do nothing) when it
 * should open the app instead.
 */
export function runCliIfAsked(argv: readonly string[] = process.argv): boolean {
  const deps = processDeps();
  const args = cliArgsFromArgv(argv, app.isPackaged, cliCommandNames(deps), cliOptionNames(deps));
  if (!args) return false;
  if (process.platform === 'darwin') app.dock?.hide();
  void runCli(args, deps)
    .catch((err: unknown) => {
      deps.io.stderr.write(formatError(err));
      return 1;
    })
    .then((code) => app.exit(code));
  return true;
}
