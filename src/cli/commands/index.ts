import type { CliCommand } from './command';
import { loginCommands } from './login-commands';
import { mcpCommands } from './mcp-commands';
import { networkCommands } from './network-commands';
import { resumeCommands } from './resume-commands';
import { sessionCommands } from './session-commands';
import { webCommand } from './web';
import { workCommands } from './work';

/** Every `claude-run` command, one line each (start, attach, list, stop, logs, clean, config, diff, review, merge, network…). */
export const commands: CliCommand[] = [
  webCommand,
  ...sessionCommands,
  ...workCommands,
  ...networkCommands,
  ...mcpCommands,
  ...resumeCommands,
  ...loginCommands,
];
