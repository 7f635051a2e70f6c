import { describe, expect, it, vi } from 'vitest';

// Electron 45's clipboard (asynchronous, W3C-shaped: read/write of ClipboardItems) as a tiny
// in-memory stand-in (no Electron binary here). Like the real one, writing text replaces
// every other format on it, and an item read earlier shows what is on the board NOW.
const board = vi.hoisted(() => ({
  text: 'what the user had copied',
  html: '',
  rtf: '',
  image: null as string | null,
  log: [] as string[],
}));
const FORMATS = { text: 'text/plain', html: 'text/html', rtf: 'text/rtf', image: 'image/png' };
vi.mock('electron', () => {
  class ClipboardItem {
    readonly types: string[];
    constructor(readonly data: Record<string, unknown>) {
      this.types = Object.keys(data);
    }
    getType(type: string): Promise<unknown> {
      return Promise.resolve(this.data[type]);
    }
  }
  const live = () => ({
    types: Object.entries(FORMATS)
      .filter(([key]) => board[key as keyof typeof FORMATS])
      .map(([, type]) => type),
    getType: (type: string) => {
      const key = Object.entries(FORMATS).find(([, t]) => t === type)![0];
      return Promise.resolve(board[key as keyof typeof FORMATS]);
    },
  });
  return {
    ClipboardItem,
    clipboard: {
      readText: async () => board.text,
      read: async () => (live().types.length ? [live()] : []),
      writeText: async (text: string) => {
        Object.assign(board, { text, html: '', rtf: '', image: null });
        board.log.push(`clipboard:${text}`);
      },
      write: async (items: ClipboardItem[]) => {
        const data = Object.assign({}, ...items.map((i) => i.data)) as Record<string, string>;
        Object.assign(board, {
          text: data[FORMATS.text] ?? '',
          html: data[FORMATS.html] ?? '',
          rtf: data[FORMATS.rtf] ?? '',
          image: data[FORMATS.image] ?? null,
        });
        board.log.push(`clipboard:${board.text}`);
      },
      clear: () => {
        Object.assign(board, { text: '', html: '', rtf: '', image: null });
        board.log.push('clipboard cleared');
      },
    },
    shell: { openExternal: () => Promise.resolve() },
  };
});

const { electronDesktopActions } = await import('../../../src/main/desktop/desktop-actions');
const { builtinTools } = await import('../../../src/main/assistant/tools/builtins');

const context = { signal: new AbortController().signal };

function typeText(desktop: ReturnType<typeof electronDesktopActions>) {
  const tool = builtinTools({ desktop, sleep: () => Promise.resolve() }).find(
    (t) => t.name === 'type_text',
  );
  return tool;
}

describe('electronDesktopActions with the keyboard hook', () => {
  it('offers type_text, hands the focus off, pastes, and restores the clipboard', async () => {
    board.text = 'what the user had copied';
    board.log = [];
    const desktop = electronDesktopActions(
      async () => void board.log.push(`paste while clipboard=${board.text}`),
      async () => void board.log.push('focus handed off'),
    );
    expect(desktop.canType).toBe(true);
    const tool = typeText(desktop)!;
    expect(tool).toBeDefined();
    await expect(tool.run({ text: 'Dear Sam,' }, context)).resolves.toBe('Typed.');
    expect(board.log).toEqual([
      'clipboard:Dear Sam,',
      'focus handed off',
      'paste while clipboard=Dear Sam,',
      'clipboard:what the user had copied',
    ]);
    expect(board.text).toBe('what the user had copied');
  });

  it('puts back an image and formatted text, not only plain text (or an empty clipboard)', async () => {
    Object.assign(board, { text: 'Q3', html: '<b>Q3</b>', rtf: '{\\rtf1 Q3}', image: 'chart.png' });
    const desktop = electronDesktopActions(async () => undefined);
    await typeText(desktop)!.run({ text: 'typed' }, context);
    expect(board).toMatchObject({
      text: 'Q3',
      html: '<b>Q3</b>',
      rtf: '{\\rtf1 Q3}',
      image: 'chart.png',
    });
    Object.assign(board, { text: '', html: '', rtf: '', image: null });
    await typeText(desktop)!.run({ text: 'typed' }, context);
    expect(board).toMatchObject({ text: '', image: null }); // what was typed does not linger
  });

  it('a tap that fails: the plain reason reaches the model and the clipboard is restored', async () => {
    board.text = 'kept';
    const desktop = electronDesktopActions(() =>
      Promise.reject(
        new Error('No keys could be pressed: the keyboard hook stopped (exit code 134)'),
      ),
    );
    await expect(typeText(desktop)!.run({ text: 'x' }, context)).rejects.toThrow(/exit code 134/);
    expect(board.text).toBe('kept');
  });

  it('a focus that stays on Hark: nothing is pressed and the clipboard is restored', async () => {
    board.text = 'kept';
    const tap = vi.fn(() => Promise.resolve());
    const desktop = electronDesktopActions(tap, () =>
      Promise.reject(new Error("Hark's window kept the keyboard focus, so nothing was typed.")),
    );
    await expect(typeText(desktop)!.run({ text: 'x' }, context)).rejects.toThrow(
      /nothing was typed/,
    );
    expect(tap).not.toHaveBeenCalled();
    expect(board.text).toBe('kept');
  });

  it('without a key-tap (Wayland, no hook) type_text is not offered at all', async () => {
    const desktop = electronDesktopActions(null);
    expect(desktop.canType).toBe(false);
    expect(typeText(desktop)).toBeUndefined();
    await expect(desktop.pasteKeystroke()).rejects.toThrow(/keyboard hook/);
  });
});
