/**
 * `claude-run` entry (bundled to out/main/cli.js, started by bin/claude-run.js).
 */
import { processContext } from './context';
import { runCli } from './program';

void runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
