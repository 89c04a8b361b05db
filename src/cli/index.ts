/**
 * `claude-run` entry (bundled to out/main/cli.js, started by bin/claude-run.js).
 */
import { processDeps } from './process-deps';
import { runCli } from './program';
import { exitWhenFlushed } from './shutdown';

// The command is over once runCli answers: whatever is left (an engine poll, a keep-alive
// socket, a terminal's connection) must not keep the process running.
void runCli(process.argv.slice(2), processDeps()).then(exitWhenFlushed);
