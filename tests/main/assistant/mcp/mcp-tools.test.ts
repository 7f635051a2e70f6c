import { describe, expect, it } from 'vitest';
import { mcpServerSchema } from '../../../../src/shared/assistant';
import { mcpToolEntries } from '../../../../src/main/assistant/mcp/mcp-tools';

const secrets = (map: Record<string, string>) => ({
  getAuthorization: (label: string) => map[label] ?? null,
  setAuthorization: () => undefined,
});

describe('MCP servers', () => {
  it('become type "mcp" tools, with the stored authorization and the approval policy', () => {
    const servers = [
      mcpServerSchema.parse({
        label: 'docs',
        url: 'https://mcp.example.com/sse',
        allowedTools: ['search'],
      }),
      mcpServerSchema.parse({
        label: 'calendar',
        url: 'https://cal.example.com/mcp',
        approval: 'never',
      }),
      mcpServerSchema.parse({ label: 'off', url: 'https://off.example.com', enabled: false }),
      mcpServerSchema.parse({ label: 'docs', url: 'https://dup.example.com' }),
    ];
    expect(mcpToolEntries(servers, secrets({ docs: 'Bearer t0k3n' }))).toEqual([
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
    ]);
  });

  it.each([
    [{ label: 'bad label!', url: 'https://x.example.com' }, /letters, digits/],
    [{ label: 'a', url: 'http://x.example.com' }, /https/],
    [{ label: 'a', url: 'https://u:p@x.example.com' }, /user name/],
    [{ label: 'a', url: 'https://x.example.com', extra: 1 }, /extra/],
  ])('refuse a bad configuration %#', (input, message) => {
    const result = mcpServerSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});
