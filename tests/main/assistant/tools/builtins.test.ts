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

  it('type one call at a time, each its own text, and give the clipboard back at the end', async () => {
    const { registry, desktop } = setup();
    // A keystroke that takes a while, as a real one does: the second call must wait.
    desktop.pasteKeystroke = async function (this: RecordingDesktop) {
      this.log.push(`paste:${this.clipboard}`);
      await new Promise((r) => setTimeout(r, 20));
    };
    const call = (text: string, signal?: AbortSignal) => {
      const prepared = registry.prepare('type_text', JSON.stringify({ text }));
      if (!prepared.ok) throw new Error(prepared.output);
      return registry.execute(prepared.call, signal);
    };
    const cancelled = new AbortController();
    const results = Promise.all([call('AAA'), call('BBB'), call('CCC', cancelled.signal)]);
    cancelled.abort(); // barged in while it waited its turn: it must not paste
    const [a, b, c] = await results;
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    expect(desktop.log.filter((l) => l.startsWith('paste:'))).toEqual(['paste:AAA', 'paste:BBB']);
    expect(desktop.clipboard).toBe('what the user had');
  });

  it('give the text back when the whole clipboard cannot be saved or restored', async () => {
    for (const broken of ['save', 'restore'] as const) {
      const { run, desktop } = setup();
      Object.assign(desktop, {
        saveClipboard: () => {
          if (broken === 'save') throw new Error('no formats here');
          return 'snapshot';
        },
        restoreClipboard: () => {
          throw new Error('cannot write formats');
        },
      });
      expect((await run('type_text', { text: 'x' })).ok).toBe(true);
      expect(desktop.clipboard, broken).toBe('what the user had');
    }
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

  it('describe each request on one line, with the full text beside it for the prompt', () => {
    const { registry } = setup();
    const prepare = (name: string, args: object) => {
      const p = registry.prepare(name, JSON.stringify(args));
      if (!p.ok) throw new Error(p.output);
      return p.call;
    };
    const copy = prepare('copy_to_clipboard', { text: 'a\n  b' });
    expect(copy.summary).toBe('Copy “a↵  b” to your clipboard (2 lines, 5 characters)');
    expect(copy.detail).toEqual({ kind: 'text', label: 'Text to copy', text: 'a\n  b' });

    // The prompt gets every character, however long; the one-line summary only the start.
    const long = `${'y'.repeat(3_000)}\n${'z'.repeat(500)}`;
    const typed = prepare('type_text', { text: long });
    expect(typed.detail).toEqual({ kind: 'text', label: 'Text to type', text: long });
    expect(typed.summary).toMatch(
      /^Type “y{79}…” into the app you are using \(2 lines, 3501 characters\)$/,
    );
  });

  it('show hidden and direction-changing characters in the summary, and count them', () => {
    const { registry } = setup();
    const p = registry.prepare(
      'type_text',
      JSON.stringify({ text: 'rm -rf ~/\u202Egpj.exe\u200B' }),
    );
    if (!p.ok) throw new Error(p.output);
    expect(p.call.summary).toBe(
      'Type “rm -rf ~/[U+202E]gpj.exe[U+200B]” into the app you are using (18 characters, 2 of them invisible or direction-changing)',
    );
  });

  it('name the host of a page plainly, punycode for look-alike letters, and open exactly that', async () => {
    const { registry, run, desktop } = setup();
    const p = registry.prepare('open_url', JSON.stringify({ url: 'https://аpple.com/login' }));
    if (!p.ok) throw new Error(p.output);
    expect(p.call.summary).toBe('Open a page on xn--pple-43d.com in your browser');
    expect(p.call.detail).toEqual({
      kind: 'url',
      href: 'https://xn--pple-43d.com/login',
      host: 'xn--pple-43d.com',
      international: true,
    });
    await run('open_url', { url: 'https://аpple.com/login' });
    expect(desktop.log).toEqual(['open:https://xn--pple-43d.com/login']);

    const plain = registry.prepare('open_url', JSON.stringify({ url: 'HTTPS://Example.COM' }));
    if (!plain.ok) throw new Error(plain.output);
    expect(plain.call.detail).toMatchObject({
      href: 'https://example.com/',
      host: 'example.com',
      international: false,
    });
  });

  it('never offer "always allow" for typing; the others may be allowed always', () => {
    const { registry } = setup();
    expect(registry.get('type_text')!.allowAlways).toBe(false);
    for (const name of ['read_clipboard', 'copy_to_clipboard', 'open_url'])
      expect(registry.get(name)!.allowAlways).not.toBe(false);
  });
});
