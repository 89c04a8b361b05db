/**
 * `npm run purge-containers [-- --yes] [-- --images]`: removes every container of Claude Code
 * Runner on the engine the app finds (asked first). See src/cli/commands/purge.ts.
 */
import pkg from '../package.json';
import { CliContext } from '../src/cli/commands/context';
import { purgeCommand } from '../src/cli/commands/purge';
import { runCommand } from '../src/cli/commands/run';
import { processIO } from '../src/cli/process-deps';

const USAGE = `usage: npm run purge-containers [-- --yes] [-- --images]

Removes all containers of Claude Code Runner (running ones too) on the engine the app finds
(DOCKER_HOST, the current folder's config, the usual sockets), after listing them and asking.
  -y, --yes    do not ask
  --images     remove the images the app built too
Session branches are kept in your repositories.
`;

async function main(argv: string[]): Promise<number> {
  const opts = { yes: false, images: false };
  for (const arg of argv) {
    if (arg === '-y' || arg === '--yes') opts.yes = true;
    else if (arg === '--images') opts.images = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(
        `error: unknown argument "${arg.replace(/[^\x20-\x7e]/g, '?')}"\n${USAGE}`,
      );
      return 1;
    }
  }
  const ctx = new CliContext({ io: processIO(process.env), version: pkg.version });
  return runCommand(ctx, (c) => purgeCommand(c, opts));
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The core's engine connections and watchers must not keep a finished script alive.
  setTimeout(() => process.exit(code), 100).unref();
});
