/**
 * What a command file gives the program: a way to register itself. Its own module, so the
 * command files need not import the list of commands (./index.ts) that imports them.
 */
import type { Command } from 'commander';
import type { CliDeps } from './context';

export interface CliCommand {
  register(program: Command, deps: CliDeps): void;
}
