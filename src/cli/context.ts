/**
 * What every CLI command gets: where to write, the environment, the version. Commands write
 * through these (never console.*) so tests can run them in-process.
 */
import pkg from '../../package.json';
import { armShutdownDeadline } from './shutdown';

export interface CliContext {
  version: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the user asks the process to stop (Ctrl+C, SIGTERM). */
  untilStopped(): Promise<string>;
}

export function processContext(): CliContext {
  return {
    version: pkg.version,
    env: process.env,
    platform: process.platform,
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    untilStopped: () =>
      new Promise((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          armShutdownDeadline(signal);
          resolve(signal);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
