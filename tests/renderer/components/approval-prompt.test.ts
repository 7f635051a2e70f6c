import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/shared/assistant';
import ApprovalPrompt from '../../../src/renderer/src/components/ApprovalPrompt.svelte';

function show(request: Omit<ApprovalRequest, 'id' | 'source'> & Partial<ApprovalRequest>): string {
  const { body } = render(ApprovalPrompt, {
    props: { request: { id: 'appr_1', source: 'function', ...request }, onAnswer: () => {} },
  });
  return body;
}

/** What a reader sees: tags and Svelte's hydration comments removed, entities decoded. */
function visibleText(html: string, testId: string): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) throw new Error(`${testId} is not shown`);
  const open = html.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1]!;
  const end = html.indexOf(`</${tag}>`, start);
  return html
    .slice(html.indexOf('>', start) + 1, end)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('ApprovalPrompt', () => {
  it('shows the whole text to type, line breaks kept, however long', () => {
    const text = `Dear Ann,\n\nthanks for the notes.\n${'All of this must be visible. '.repeat(120)}\nBest, Bo`;
    const html = show({
      tool: 'type_text',
      summary: 'Type “Dear Ann,↵↵thanks…” into the app you are using',
      detail: { kind: 'text', label: 'Text to type', text },
      allowAlways: false,
    });
    expect(visibleText(html, 'revealed-text')).toBe(text);
    expect(html).toContain('aria-label="Text to type"');
    expect(html).not.toContain('data-testid="hidden-characters"');
  });

  it('makes a right-to-left override and zero-width characters visible instead of obeying them', () => {
    const html = show({
      tool: 'copy_to_clipboard',
      summary: 'Copy',
      detail: { kind: 'text', label: 'Text to copy', text: 'photo\u202Egnp.exe\u200B' },
      allowAlways: true,
    });
    expect(html).not.toMatch(/[\u202E\u200B]/);
    expect(visibleText(html, 'revealed-text')).toBe('photoU+202Egnp.exeU+200B');
    expect(html).toContain('title="right-to-left override (U+202E)"');
    expect(visibleText(html, 'hidden-characters')).toContain('2 characters would not show');
  });

  it('offers no "Always allow" for typing, and says it asks each time', () => {
    const typing = show({ tool: 'type_text', summary: 'Type', allowAlways: false });
    expect(typing).not.toContain('data-testid="approve-always"');
    expect(typing).toContain('data-testid="approve-once"');
    expect(typing).toContain('data-testid="approval-each-time"');
    const copying = show({ tool: 'copy_to_clipboard', summary: 'Copy', allowAlways: true });
    expect(visibleText(copying, 'approve-always')).toBe('Always allow “copy to clipboard”');
  });

  it('names the site of a URL plainly and warns about look-alike letters', () => {
    const html = show({
      tool: 'open_url',
      summary: 'Open a page on xn--pple-43d.com in your browser',
      detail: {
        kind: 'url',
        href: 'https://xn--pple-43d.com/login',
        host: 'xn--pple-43d.com',
        international: true,
      },
      allowAlways: true,
    });
    expect(visibleText(html, 'approval-host')).toMatch(/Site:\s*xn--pple-43d\.com/);
    expect(visibleText(html, 'revealed-text')).toBe('https://xn--pple-43d.com/login');
    expect(html).toContain('data-testid="approval-punycode"');
    const plain = show({
      tool: 'open_url',
      summary: 'Open',
      detail: {
        kind: 'url',
        href: 'https://example.com/',
        host: 'example.com',
        international: false,
      },
      allowAlways: true,
    });
    expect(plain).not.toContain('data-testid="approval-punycode"');
  });

  it('shows an MCP call’s arguments in full', () => {
    const json = JSON.stringify({ query: 'x'.repeat(2_000), depth: 2 }, null, 2);
    const html = show({
      tool: 'docs:search',
      source: 'mcp',
      server: 'docs',
      summary: 'Use “search” on docs',
      detail: { kind: 'arguments', json },
      allowAlways: true,
    });
    expect(visibleText(html, 'revealed-text')).toBe(json);
    expect(visibleText(html, 'approve-always')).toBe('Always allow “search on docs”');
  });
});
