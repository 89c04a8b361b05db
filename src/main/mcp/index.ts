/** The MCP domain as core.ts uses it. */
export { McpService, missingMessage, type McpStart } from './service';
export { mcpHandlers } from './handlers';
