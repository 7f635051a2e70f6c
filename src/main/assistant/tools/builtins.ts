import { z } from 'zod';
import type { ApprovalDetail } from '../../../shared/assistant';
import { revealInline, revealText } from '../../../shared/reveal-text';
import { calculate } from './calculator';
import type { DesktopActions } from './desktop-actions';
import { defineTool, type Tool } from './tool';

export interface BuiltinOptions {
  desktop: DesktopActions;
  now?: () => Date;
  /** The system's time zone unless given (tests). */
  timeZone?: string;
  /** Waits between pasting and restoring the clipboard (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

/** How long the focused app gets to read the clipboard after the paste keystroke. */
const PASTE_SETTLE_MS = 400;
const MAX_TYPED_CHARS = 4_000;

const sleepFor = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The tools Hark offers out of the box: safe ones run at once, the rest ask first. */
export function builtinTools(options: BuiltinOptions): Tool[] {
  const now = options.now ?? ((): Date => new Date());
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sleep = options.sleep ?? sleepFor;
  const { desktop } = options;
  // Calls that use the clipboard run one at a time: two "type this" calls of one reply
  // would otherwise paste each other's text and lose the user's clipboard.
  let clipboardQueue: Promise<unknown> = Promise.resolve();
  const onClipboard = <T>(run: () => Promise<T> | T): Promise<T> => {
    const next = clipboardQueue.then(run, run);
    clipboardQueue = next.catch(() => undefined);
    return next;
  };

  const tools = [
    defineTool({
      name: 'get_current_time',
      description:
        "The current date, time and time zone on the user's computer. Use it for any question about today's date or the time.",
      parameters: z.object({}),
      approval: 'auto',
      describe: () => 'Read the date and time',
      run: () => describeNow(now(), timeZone),
    }),
    defineTool({
      name: 'calculate',
      description:
        'Evaluate an arithmetic expression exactly, including functions (sqrt, sin, log, round, …) and unit conversions such as "26.2 miles to km". Use it instead of doing arithmetic yourself.',
      parameters: z.object({
        expression: z
          .string()
          .min(1)
          .max(300)
          .describe('For example "17.5% * 240" or "3 ft to cm".'),
      }),
      approval: 'auto',
      timeoutMs: 2_000,
      describe: ({ expression }) => `Calculate ${expression}`,
      run: ({ expression }) => calculate(expression),
    }),
    defineTool({
      name: 'read_clipboard',
      description: "Read the text on the user's clipboard (asks the user first).",
      parameters: z.object({}),
      approval: 'ask',
      describe: () => 'Read the text on your clipboard',
      run: () => desktop.readClipboard(),
    }),
    defineTool({
      name: 'copy_to_clipboard',
      description: "Put text on the user's clipboard so they can paste it (asks the user first).",
      parameters: z.object({ text: z.string().min(1).max(MAX_TYPED_CHARS) }),
      approval: 'ask',
      describe: ({ text }) => `Copy “${quote(text)}” to your clipboard (${measure(text)})`,
      detail: ({ text }) => ({ kind: 'text', label: 'Text to copy', text }),
      run: ({ text }, { signal }) =>
        onClipboard(async () => {
          signal.throwIfAborted();
          await desktop.writeClipboard(text);
          return 'Copied.';
        }),
    }),
    defineTool({
      name: 'open_url',
      description: "Open a web page (http or https) in the user's browser (asks the user first).",
      parameters: z.object({ url: httpUrl }),
      approval: 'ask',
      describe: ({ url }) => `Open a page on ${new URL(url).hostname} in your browser`,
      detail: ({ url }) => describeUrl(url),
      run: async ({ url }) => {
        // Open exactly the address the user was shown.
        await desktop.openExternal(new URL(url).href);
        return 'Opened.';
      },
    }),
    defineTool({
      name: 'type_text',
      description:
        'Type text into the application the user is working in, as if they pasted it (asks the user first). Their clipboard is restored afterwards.',
      parameters: z.object({ text: z.string().min(1).max(MAX_TYPED_CHARS) }),
      approval: 'ask',
      timeoutMs: 5_000,
      // Typing goes wherever the focus is when the call runs: approve each one.
      allowAlways: false,
      describe: ({ text }) => `Type “${quote(text)}” into the app you are using (${measure(text)})`,
      detail: ({ text }) => ({ kind: 'text', label: 'Text to type', text }),
      run: ({ text }, { signal }) =>
        onClipboard(async () => {
          signal.throwIfAborted(); // cancelled (a barge-in, a timeout) while it waited its turn
          const restore = await clipboardRestorer(desktop); // nothing readable: nothing to restore
          await desktop.writeClipboard(text);
          try {
            await desktop.pasteKeystroke();
            await sleep(PASTE_SETTLE_MS);
          } finally {
            await restore();
          }
          return 'Typed.';
        }),
    }),
  ];
  // Offer only what can run here: the model never asks for a tool that would just fail.
  const unavailable = new Set<string>();
  if (desktop.canType === false) unavailable.add('type_text');
  if (desktop.hasClipboard === false)
    for (const name of ['read_clipboard', 'copy_to_clipboard', 'type_text']) unavailable.add(name);
  if (desktop.canOpenUrls === false) unavailable.add('open_url');
  return tools.filter((t) => !unavailable.has(t.name));
}

/** Only web pages: no file:, javascript:, custom schemes or credentials in the URL. */
export const httpUrl = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
      );
    } catch {
      return false;
    }
  }, 'Only http and https web addresses (without a user name or password) can be opened.');

export function describeNow(date: Date, timeZone: string): Record<string, string> {
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone,
    dateStyle: 'full',
    timeStyle: 'long',
  }).format(date);
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  return {
    local,
    timeZone,
    utcOffset: offset === 'GMT' ? 'GMT+00:00' : offset,
    iso: date.toISOString(),
  };
}

const QUOTE_CHARS = 80;

/** The start of the text on one line, hidden characters shown: the prompt shows all of it. */
function quote(text: string): string {
  const chars = Array.from(revealInline(text));
  return chars.length > QUOTE_CHARS
    ? `${chars.slice(0, QUOTE_CHARS - 1).join('')}…`
    : chars.join('');
}

/** "2 lines, 40 characters, 1 of them invisible or direction-changing". */
export function measure(text: string): string {
  const { lines, characters, hidden } = revealText(text);
  const size = `${characters} character${characters === 1 ? '' : 's'}`;
  const shape = lines > 1 ? `${lines} lines, ${size}` : size;
  return hidden > 0 ? `${shape}, ${hidden} of them invisible or direction-changing` : shape;
}

/** The address as it will be opened: punycode host, named plainly. */
export function describeUrl(url: string): ApprovalDetail {
  const parsed = new URL(url);
  return {
    kind: 'url',
    href: parsed.href,
    host: parsed.hostname,
    international: parsed.hostname.split('.').some((label) => label.startsWith('xn--')),
  };
}

/**
 * How to put the clipboard back as it was: all its formats where the desktop can, and its
 * text whenever that fails (a clipboard Hark cannot snapshot is still given back its text).
 */
async function clipboardRestorer(desktop: DesktopActions): Promise<() => Promise<void>> {
  const text = await readOrNull(() => desktop.readClipboard());
  const restoreText = async (): Promise<void> => {
    if (text !== null) await desktop.writeClipboard(text);
  };
  if (!desktop.saveClipboard || !desktop.restoreClipboard) return restoreText;
  let saved: unknown;
  try {
    saved = await desktop.saveClipboard();
  } catch {
    return restoreText;
  }
  return async () => {
    try {
      await desktop.restoreClipboard!(saved);
    } catch {
      await restoreText();
    }
  };
}

async function readOrNull(read: () => string | Promise<string>): Promise<string | null> {
  try {
    return await read();
  } catch {
    return null;
  }
}
