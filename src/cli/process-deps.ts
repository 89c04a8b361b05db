/**
 * What this process gives the CLI: its streams, environment, folder, version and platform, and
 * the web UI's server for `start` and `attach`. Tests build their own deps instead.
 */
import pkg from '../../package.json';
import type { CliDeps, CliIO } from './commands/context';
import { webLauncher } from './commands/web-launcher';

export function processIO(env: NodeJS.ProcessEnv = process.env): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read on first use only: opening stdin for a command that never reads it (help, list)
    // would hold a terminal handle for nothing.
    get stdin() {
      return process.stdin;
    },
    env,
    cwd: process.cwd(),
  };
}

export function processDeps(): CliDeps {
  return {
    io: processIO(),
    version: pkg.version,
    platform: process.platform,
    web: webLauncher(process.platform),
  };
}
