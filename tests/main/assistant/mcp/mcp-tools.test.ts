import { describe, expect, it } from 'vitest';
import { mcpServerSchema, type McpServerConfig } from '../../../../src/shared/assistant';
import { mcpToolEntries } from '../../../../src/main/assistant/mcp/mcp-tools';
import {
  mcpBinding,
  mcpTokenAccess,
  type StoredMcpToken,
} from '../../../../src/main/assistant/mcp/mcp-binding';
import { MemoryMcpSecretStore } from '../../../../src/main/assistant/memory-stores';

const OPENAI = 'openai wss://api.openai.com';

const server = (fields: Partial<McpServerConfig> & { label: string; url: string }) =>
  mcpServerSchema.parse(fields);

/** A store holding `value` for each server, bound to it and to `realtime`. */
function storeFor(servers: McpServerConfig[], value: string, realtime = OPENAI) {
  const store = new MemoryMcpSecretStore();
  for (const s of servers) store.write(s.label, { value, binding: mcpBinding(s, realtime) });
  return store;
}

describe('MCP servers', () => {
  it('become type "mcp" tools, with the stored authorization and the approval policy', () => {
    const docs = server({
      label: 'docs',
      url: 'https://mcp.example.com/sse',
      allowedTools: ['search'],
    });
    const servers = [
      docs,
      server({ label: 'calendar', url: 'https://cal.example.com/mcp', approval: 'never' }),
      server({ label: 'off', url: 'https://off.example.com', enabled: false }),
      server({ label: 'docs', url: 'https://dup.example.com' }),
    ];
    expect(mcpToolEntries(servers, storeFor([docs], 'Bearer t0k3n'), OPENAI)).toEqual({
      tools: [
        {
          type: 'mcp',
          server_label: 'docs',
          server_url: 'https://mcp.example.com/sse',
          require_approval: 'always',
          allowed_tools: ['search'],
          authorization: 'Bearer t0k3n',
        },
        {
          type: 'mcp',
          server_label: 'calendar',
          server_url: 'https://cal.example.com/mcp',
          require_approval: 'never',
        },
      ],
      withheld: [],
    });
  });

  const entered = server({ label: 'docs', url: 'https://mcp.example.com/tenant-a/sse?x=1' });
  it.each<[string, McpServerConfig, string | null]>([
    ['another origin', { ...entered, url: 'https://evil.example/tenant-a/sse?x=1' }, OPENAI],
    ['another port', { ...entered, url: 'https://mcp.example.com:8443/tenant-a/sse?x=1' }, OPENAI],
    [
      'another path on the same host',
      { ...entered, url: 'https://mcp.example.com/tenant-b/sse?x=1' },
      OPENAI,
    ],
    ['another query', { ...entered, url: 'https://mcp.example.com/tenant-a/sse?x=2' }, OPENAI],
    [
      'http instead of https',
      { ...entered, url: 'http://mcp.example.com/tenant-a/sse?x=1' },
      OPENAI,
    ],
    ['another label', { ...entered, label: 'docs2' }, OPENAI],
    ['another Realtime endpoint', entered, 'custom wss://relay.example'],
    ['the simulator', entered, 'simulator'],
    ['no endpoint', entered, null],
  ])('withhold a token when the server or connection changed: %s', (_name, now, realtime) => {
    const store = storeFor([entered], 'Bearer t0k3n');
    const { tools, withheld } = mcpToolEntries([now], store, realtime);
    expect(JSON.stringify(tools)).not.toContain('t0k3n');
    const sameLabel = now.label === entered.label;
    // A relabelled server has no token of its own; the old label's token asks for re-entry.
    expect(withheld).toEqual(sameLabel ? ['docs'] : []);
    expect(mcpTokenAccess(now, store.read(now.label), realtime)).toEqual({
      token: null,
      needsReentry: sameLabel,
    });
    // The control: unchanged, it is sent.
    expect(mcpTokenAccess(entered, store.read('docs'), OPENAI).token).toBe('Bearer t0k3n');
  });

  it('a fragment is not part of the server (it never reaches it)', () => {
    const store = storeFor([entered], 'Bearer t0k3n');
    const same = { ...entered, url: `${entered.url}#part` };
    expect(mcpToolEntries([same], store, OPENAI).tools[0]).toMatchObject({
      authorization: 'Bearer t0k3n',
      server_url: entered.url, // sent as bound: no fragment
    });
  });

  it('refuses URLs that parsers read differently, and keeps the one form bound and sent', () => {
    // Node reads this as good.example/mcp; a Python-style parser as the host evil.example.
    for (const url of [
      'https://good.example\\@evil.example/../mcp',
      'https://good.example/mcp#frag',
      'https://good.example/m cp',
      'https://good.example/\tmcp',
      'https://good.example/@me',
    ])
      expect(mcpServerSchema.safeParse({ label: 'x', url }).success, url).toBe(false);
    const parsed = server({ label: 'x', url: 'HTTPS://Good.Example:443/a/../mcp' });
    expect(parsed.url).toBe('https://good.example/mcp');
    const store = storeFor([parsed], 'Bearer t0k3n');
    expect(mcpToolEntries([parsed], store, OPENAI).tools[0]).toMatchObject({
      server_url: 'https://good.example/mcp',
      authorization: 'Bearer t0k3n',
    });
  });

  it('a token stored before tokens were bound is never sent and asks for re-entry', () => {
    const legacy: StoredMcpToken = { value: 'Bearer old', binding: null };
    const store = new MemoryMcpSecretStore();
    store.write('docs', legacy);
    const { tools, withheld } = mcpToolEntries([entered], store, OPENAI);
    expect(JSON.stringify(tools)).not.toContain('old');
    expect(withheld).toEqual(['docs']);
  });

  it.each([
    [{ label: 'bad label!', url: 'https://x.example.com' }, /letters, digits/],
    [{ label: 'a', url: 'http://x.example.com' }, /https/],
    [{ label: 'a', url: 'http://localhost.example.com/mcp' }, /https/],
    [{ label: 'a', url: 'ftp://127.0.0.1/mcp' }, /https/],
    [{ label: 'a', url: 'https://u:p@x.example.com' }, /user name/],
    [{ label: 'a', url: 'https://x.example.com', extra: 1 }, /extra/],
  ])('refuse a bad configuration %#', (input, message) => {
    const result = mcpServerSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it.each([
    'http://127.0.0.1:8123/mcp',
    'http://localhost/mcp',
    'http://[::1]:9/mcp',
    'https://x.example.com',
  ])('accept https, and plain http only to this machine: %s', (url) =>
    expect(mcpServerSchema.safeParse({ label: 'a', url }).success).toBe(true),
  );
});
