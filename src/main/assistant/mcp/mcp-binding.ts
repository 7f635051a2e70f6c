/**
 * An MCP server's authorization is bound, like the API key, to where it was entered for: the
 * server's label, its exact URL, and the Realtime endpoint that forwards it (the token travels
 * inside `session.update` to the Realtime service, which calls the MCP server with it). Main
 * decides from the stored binding whether a token may be sent; the window can change the
 * server list or the connection, and any such change leaves the old token unsent until the
 * user enters it again. Pure.
 */
import type { McpServerConfig } from '../../../shared/assistant';

/** A stored token and what it was entered for; `binding` null: stored before tokens were bound. */
export interface StoredMcpToken {
  value: string;
  binding: string | null;
}

export { SIMULATOR_IDENTITY } from '../../../shared/endpoint-identity';

/**
 * The server as a token is bound to it: its URL without the fragment. Origin, path and query
 * all count — on a shared host the path names the server — so any edit asks for the token.
 */
export function mcpServerIdentity(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/** What a token for this server, sent through this Realtime endpoint, is bound to. */
export function mcpBinding(
  server: McpServerConfig,
  realtimeIdentity: string | null,
): string | null {
  const serverIdentity = mcpServerIdentity(server.url);
  if (!serverIdentity || !realtimeIdentity) return null;
  return JSON.stringify(['mcp', server.label, serverIdentity, realtimeIdentity]);
}

export interface McpTokenAccess {
  /** The token to send, or null: none was entered for this server and endpoint. */
  token: string | null;
  /** A token is stored but was entered for another URL or endpoint (or before tokens were bound). */
  needsReentry: boolean;
}

export function mcpTokenAccess(
  server: McpServerConfig,
  stored: StoredMcpToken | null,
  realtimeIdentity: string | null,
): McpTokenAccess {
  if (!stored) return { token: null, needsReentry: false };
  const expected = mcpBinding(server, realtimeIdentity);
  const fits = expected !== null && stored.binding === expected;
  return { token: fits ? stored.value : null, needsReentry: !fits };
}

/** The words the window and the notice use. */
export function reentryMessage(label: string): string {
  return `Enter the token for the MCP server "${label}" again: it was saved for another server URL or Realtime endpoint (or by an older Hark, or cannot be decrypted here), so Hark does not send it.`;
}
