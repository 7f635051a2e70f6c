import { describe, expect, it } from 'vitest';
import { builtinTools, describeNow } from '../../../../src/main/assistant/tools/builtins';
import type { DesktopActions } from '../../../../src/main/assistant/tools/desktop-actions';
import { ToolRegistry } from '../../../../src/main/assistant/tools/registry';

class RecordingDesktop implements DesktopActions {
  clipboard = 'what the user had';
  readonly log: string[] = [];
  readClipboard(): string {
    this.log.push('read');
    return this.clipboard;
  }
  writeClipboard(text: string): void {
    this.log.push(`write:${text}`);
    this.clipboard = text;
  }
  async openExternal(url: string): Promise<void> {
    this.log.push(`open:${url}`);
  }
  async pasteKeystroke(): Promise<void> {
    this.log.push(`paste:${this.clipboard}`);
  }
}

function setup() {
  const desktop = new RecordingDesktop();
  const registry = new ToolRegistry(
    builtinTools({
      desktop,
      now: () => new Date('2026-11-25T03:30:00Z'),
      timeZone: 'Europe/Berlin',
      sleep: async () => undefined,
    }),
  );
  const run = async (name: string, args: object) => {
    const prepared = registry.prepare(name, JSON.stringify(args));
    if (!prepared.ok) return { ok: false, output: prepared.output, summary: '' };
    return registry.execute(prepared.call);
  };
  return { desktop, registry, run };
}

describe('built-in tools', () => {
  it('say which need approval: everything that touches the desktop', () => {
    const { registry } = setup();
    const approval = Object.fromEntries(
      registry.names().map((n) => [n, registry.get(n)!.approval]),
    );
    expect(approval).toEqual({
      get_current_time: 'auto',
      calculate: 'auto',
      read_clipboard: 'ask',
      copy_to_clipboard: 'ask',
      open_url: 'ask',
      type_text: 'ask',
    });
  });

  it('tell the time in the user’s zone with its offset', async () => {
    const { run } = setup();
    const result = JSON.parse((await run('get_current_time', {})).output).result;
    expect(result).toEqual({
      local: 'Wednesday, November 25, 2026 at 4:30:00 AM GMT+1',
      timeZone: 'Europe/Berlin',
      utcOffset: 'GMT+01:00',
      iso: '2026-11-25T03:30:00.000Z',
    });
    expect(describeNow(new Date('2026-07-01T12:00:00Z'), 'UTC').utcOffset).toBe('GMT+00:00');
  });

  it('calculate, and report a bad expression as an error', async () => {
    const { run } = setup();
    expect(JSON.parse((await run('calculate', { expression: '3 ft to cm' })).output)).toEqual({
      result: '91.44 cm',
    });
    const bad = await run('calculate', { expression: 'process.exit()' });
    expect(bad.ok).toBe(false);
  });

  it('copy and read the clipboard through the desktop actions', async () => {
    const { run, desktop } = setup();
    await run('copy_to_clipboard', { text: 'hello' });
    expect(desktop.clipboard).toBe('hello');
    expect(JSON.parse((await run('read_clipboard', {})).output).result).toBe('hello');
  });

  it('type text by pasting it and then restore the clipboard', async () => {
    const { run, desktop } = setup();
    const result = await run('type_text', { text: 'Dear Sam,' });
    expect(result.ok).toBe(true);
    expect(desktop.log).toEqual([
      'read',
      'write:Dear Sam,',
      'paste:Dear Sam,',
      'write:what the user had',
    ]);
    expect(desktop.clipboard).toBe('what the user had');
  });

  it('restore the clipboard even when the keystroke fails', async () => {
    const { run, desktop } = setup();
    desktop.pasteKeystroke = () => Promise.reject(new Error('no keyboard hook'));
    const result = await run('type_text', { text: 'x' });
    expect(result.ok).toBe(false);
    expect(desktop.clipboard).toBe('what the user had');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://user:pw@example.com',
    'not a url',
    'ms-settings:privacy',
  ])('refuse to open %s', async (url) => {
    const { run, desktop } = setup();
    const result = await run('open_url', { url });
    expect(result.ok).toBe(false);
    expect(desktop.log).toEqual([]);
  });

  it('open http and https pages', async () => {
    const { run, desktop } = setup();
    expect((await run('open_url', { url: 'https://example.com/a?b=c' })).ok).toBe(true);
    expect(desktop.log).toEqual(['open:https://example.com/a?b=c']);
  });

  it('describe each request in plain words for the approval prompt', () => {
    const { registry } = setup();
    const summary = (name: string, args: object) => {
      const p = registry.prepare(name, JSON.stringify(args));
      return p.ok ? p.call.summary : p.output;
    };
    expect(summary('copy_to_clipboard', { text: 'a\n  b' })).toBe('Copy to your clipboard: “a b”');
    expect(summary('open_url', { url: 'https://example.com' })).toBe(
      'Open https://example.com in your browser',
    );
    expect(summary('type_text', { text: 'y'.repeat(200) })).toMatch(
      /^Type into the app you are using: “y{117}…”$/,
    );
  });
});
