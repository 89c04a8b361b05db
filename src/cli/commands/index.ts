import type { Command } from 'commander';
import type { CliContext } from '../context';
import { webCommand } from './web';

export interface CliCommand {
  register(program: Command, ctx: CliContext): void;
}

/** Every `claude-run` command, one line each (start, attach, list, stop, logs, clean, config…). */
export const commands: CliCommand[] = [webCommand];
