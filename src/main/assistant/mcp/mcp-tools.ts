import type { RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';
import type { McpServerConfig } from '../../../shared/assistant';

/** Where MCP authorizations live: encrypted like the API key, never sent to the window. */
export interface McpSecretStore {
  getAuthorization(label: string): string | null;
  setAuthorization(label: string, value: string | null): void;
}

/**
 * The `tools` entries for the configured MCP servers (`type: "mcp"`). The service connects
 * to them; Hark answers their `mcp_approval_request` items with the same approval prompt
 * as its own tools. A server whose label repeats is configured once (the first wins).
 */
export function mcpToolEntries(
  servers: McpServerConfig[],
  secrets: McpSecretStore,
): RealtimeToolsConfigUnion[] {
  const seen = new Set<string>();
  const tools: RealtimeToolsConfigUnion[] = [];
  for (const server of servers) {
    if (!server.enabled || seen.has(server.label)) continue;
    seen.add(server.label);
    const authorization = secrets.getAuthorization(server.label);
    tools.push({
      type: 'mcp',
      server_label: server.label,
      server_url: server.url,
      require_approval: server.approval,
      ...(server.allowedTools.length > 0 ? { allowed_tools: [...server.allowedTools] } : {}),
      ...(authorization ? { authorization } : {}),
    });
  }
  return tools;
}
