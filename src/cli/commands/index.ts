import type { Command } from 'commander';
import type { CliContext } from '../context';
import { loginCommands } from './login-commands';
import { mcpCommands } from './mcp-commands';
import { networkCommands } from './network-commands';
import { resumeCommands } from './resume-commands';
import { seedCommands } from './seed';
import { webCommand } from './web';
import { workCommands } from './work';

export interface CliCommand {
  register(program: Command, ctx: CliContext): void;
}

/** Every `claude-run` command, one line each (start, attach, list, stop, logs, clean, config, diff, review, merge, network…). */
export const commands: CliCommand[] = [
  webCommand,
  ...seedCommands,
  ...workCommands,
  ...networkCommands,
  ...mcpCommands,
  ...resumeCommands,
  ...loginCommands,
];
