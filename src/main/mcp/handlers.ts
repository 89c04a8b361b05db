/** Contract handlers of the MCP domain: listMcpServers, setProjectMcpServers. */
import type { Handlers } from '../../shared/contract';
import type { McpService } from './service';

export function mcpHandlers(
  mcp: McpService,
): Pick<Handlers, 'listMcpServers' | 'setProjectMcpServers'> {
  return {
    listMcpServers: ({ projectDir }) => mcp.list(projectDir),
    setProjectMcpServers: ({ projectDir, names }) => mcp.choose(projectDir, names),
  };
}
