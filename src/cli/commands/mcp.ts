/**
 * `claude-run mcp [list] [--json]`: your own MCP servers (user scope of ~/.claude.json) with
 * their command or URL and the names of their env variables and headers (never the values), and
 * which ones this folder's sessions get. `claude-run mcp choose <a,b|none>`: that choice, kept
 * in your user-level config. `claude-run start --mcp a,b|none`: this start's servers only.
 */
import { AppError } from '../../shared/errors';
import { MCP_SERVER_NAME, type McpServerList } from '../../shared/schemas/mcp';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean, table } from './output';

/** `a,b` → names; `none` (or an empty list) → []; anything else that is not a name: refused. */
export function parseMcpNames(value: string, flag = '--mcp'): string[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'none') return [];
  if (parts.length === 0) {
    throw new AppError(
      'bad-arguments',
      `${flag} needs MCP server names`,
      `give names separated by commas (${flag} github,files), or ${flag} none; claude-run mcp lists them`,
    );
  }
  const bad = parts.find((p) => !MCP_SERVER_NAME.test(p));
  if (bad !== undefined) {
    throw new AppError(
      'bad-arguments',
      `${flag}: "${clean(bad).slice(0, 40)}" is not an MCP server name`,
      'names are letters, digits, "_", ".", "@", ":" and "-", separated by commas; claude-run mcp lists yours',
    );
  }
  return [...new Set(parts)];
}

export function mcpListText(list: McpServerList, folder: string): string {
  let out = '';
  if (list.servers.length === 0) {
    out += `No MCP servers in ${clean(list.source)}.\n`;
    out += 'Add one on this machine with `claude mcp add --scope user …`; sessions get none.\n';
  } else {
    const chosen = new Set(list.chosen);
    out += `MCP servers in ${clean(list.source)} (values of env and headers are never shown):\n`;
    out += table(
      ['', 'NAME', 'KIND', 'COMMAND OR URL', 'ENV / HEADERS'],
      list.servers.map((s) => [
        chosen.has(s.name) ? '[x]' : '[ ]',
        s.name,
        s.kind,
        clean(s.command ?? s.url ?? ''),
        clean([...s.envNames, ...s.headerNames].join(', ') || '-'),
      ]),
    );
    out +=
      list.chosen.length > 0
        ? `Sessions of ${clean(folder)} get: ${list.chosen.join(', ')}.\n`
        : `Sessions of ${clean(folder)} get none.\n`;
    out +=
      'Change it with `claude-run mcp choose <a,b|none>`; one start only: `start --mcp a,b`.\n';
  }
  for (const p of list.problems) out += `note: ${clean(p)}\n`;
  return out;
}

export async function mcpListCommand(ctx: CliContext, opts: { json?: boolean }): Promise<number> {
  const list = await (await ctx.getApi()).listMcpServers({ projectDir: ctx.io.cwd });
  if (opts.json) printJson(ctx, list);
  else ctx.print(mcpListText(list, ctx.io.cwd));
  return 0;
}

export async function mcpChooseCommand(
  ctx: CliContext,
  names: string,
  opts: { json?: boolean },
): Promise<number> {
  const chosen = parseMcpNames(names, 'choose');
  const list = await (
    await ctx.getApi()
  ).setProjectMcpServers({ projectDir: ctx.io.cwd, names: chosen });
  if (opts.json) printJson(ctx, list);
  else {
    ctx.print(
      list.chosen.length > 0
        ? `Sessions of ${clean(ctx.io.cwd)} now get: ${list.chosen.join(', ')} (in your user config).\n`
        : `Sessions of ${clean(ctx.io.cwd)} now get no MCP servers.\n`,
    );
  }
  return 0;
}
