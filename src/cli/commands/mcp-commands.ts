/**
 * The MCP commands on the `claude-run` program: `mcp` / `mcp list` (your servers and this
 * folder's choice) and `mcp choose <a,b|none>`. `start --mcp` is an option of start (session-commands.ts).
 */
import type { CliCommand } from './command';
import { mcpChooseCommand, mcpListCommand } from './mcp';
import { plain, runner } from './run';

const JSON_HELP = 'one JSON document on stdout (see docs/cli.md)';

export const mcpCommand: CliCommand = {
  register(program, deps) {
    const run = runner(deps);
    const mcp = program
      .command('mcp')
      .description(
        'Your own MCP servers (user scope of ~/.claude.json) and which ones this folder’s sessions get.',
      );
    mcp
      .command('list', { isDefault: true })
      .description('List them: name, kind, command or URL, env and header names (never values).')
      .option('--json', JSON_HELP)
      .action((opts: { json?: boolean }) => run(plain, (ctx) => mcpListCommand(ctx, opts)));
    mcp
      .command('choose')
      .argument('<names>', 'server names separated by commas, or "none"')
      .description('Choose the servers this folder’s sessions get (kept in your user config).')
      .option('--json', JSON_HELP)
      .action((names: string, opts: { json?: boolean }) =>
        run(plain, (ctx) => mcpChooseCommand(ctx, names, opts)),
      );
  },
};

export const mcpCommands: CliCommand[] = [mcpCommand];
