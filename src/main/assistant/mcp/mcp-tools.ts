import type { RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';
import type { McpServerConfig } from '../../../shared/assistant';
import { mcpServerIdentity, mcpTokenAccess, type StoredMcpToken } from './mcp-binding';

export type { StoredMcpToken } from './mcp-binding';

/**
 * Where MCP authorizations live: encrypted like the API key, never sent to the window, each
 * with what it was entered for (mcp-binding.ts).
 */
export interface McpSecretStore {
  read(label: string): StoredMcpToken | null;
  write(label: string, token: StoredMcpToken | null): void;
}

export interface McpToolEntries {
  tools: RealtimeToolsConfigUnion[];
  /** Labels of servers whose stored token was not sent: it was entered for another URL or endpoint. */
  withheld: string[];
}

/**
 * The `tools` entries for the configured MCP servers (`type: "mcp"`), for a session through
 * the Realtime endpoint `realtimeIdentity`. The service connects to them; Hark answers their
 * `mcp_approval_request` items with the same approval prompt as its own tools. A server whose
 * label repeats is configured once (the first wins). A token goes only with the server URL
 * and endpoint it was entered for.
 */
export function mcpToolEntries(
  servers: McpServerConfig[],
  secrets: McpSecretStore,
  realtimeIdentity: string | null,
): McpToolEntries {
  const seen = new Set<string>();
  const tools: RealtimeToolsConfigUnion[] = [];
  const withheld: string[] = [];
  for (const server of servers) {
    if (!server.enabled || seen.has(server.label)) continue;
    seen.add(server.label);
    const { token, needsReentry } = mcpTokenAccess(
      server,
      secrets.read(server.label),
      realtimeIdentity,
    );
    if (needsReentry) withheld.push(server.label);
    tools.push({
      type: 'mcp',
      server_label: server.label,
      // The very form the token is bound to (settings saved by an older Hark may differ).
      server_url: mcpServerIdentity(server.url) ?? server.url,
      require_approval: server.approval,
      ...(server.allowedTools.length > 0 ? { allowed_tools: [...server.allowedTools] } : {}),
      ...(token ? { authorization: token } : {}),
    });
  }
  return { tools, withheld };
}
