/**
 * Text shown for approval must look like what will be typed or copied. Invisible and
 * direction-changing characters can make a shown string differ from the real one (a
 * right-to-left override reverses what follows; zero-width characters and Unicode "tag"
 * characters hide content), so each is cut out of the plain text and shown as a visible mark.
 */

export type RevealedPart =
  | { kind: 'text'; text: string }
  /** A real line break of the original (kept as one). */
  | { kind: 'break' }
  /** A character (or a run of hidden tag characters) that would not show as it is. */
  | { kind: 'mark'; label: string; title: string };

export interface RevealedText {
  parts: RevealedPart[];
  /** How many characters were shown as marks. */
  hidden: number;
  lines: number;
  /** Length in code points (what a user would call characters). */
  characters: number;
}

const NAMES: Record<number, string> = {
  0x00ad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2061: 'invisible function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'zero-width no-break space',
};

/** Format (Cf) and control (Cc) characters, line/paragraph separators, fillers and
 * variation selectors other than the emoji ones (U+FE0E/U+FE0F). */
const FORMAT_OR_CONTROL = /[\p{Cf}\p{Cc}]/u;
const INVISIBLE_RANGES: [number, number][] = [
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x2028, 0x2029],
  [0x3164, 0x3164],
  [0xffa0, 0xffa0],
  [0xfe00, 0xfe0d],
  [0xe0100, 0xe01ef],
  [0x034f, 0x034f], // combining grapheme joiner (a mark, not a format character)
  [0x2800, 0x2800], // blank braille pattern: renders as a space-like nothing
  [0xd800, 0xdfff], // a lone surrogate: no character at all
  [0xe000, 0xf8ff], // private use: what it shows depends on the font, often nothing
  [0xf0000, 0x10ffff],
];
/** More combining marks than this on one character can spill over the text around it. */
const MAX_STACKED_MARKS = 4;
const COMBINING = /\p{M}/u;
const isInvisible = (char: string, code: number): boolean =>
  FORMAT_OR_CONTROL.test(char) || INVISIBLE_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
const isEmojiModifier = (code: number): boolean =>
  code === 0xfe0f || (code >= 0x1f3fb && code <= 0x1f3ff);
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const TAG_FIRST = 0xe0000;
const TAG_LAST = 0xe007f;

const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function markFor(code: number): { label: string; title: string } {
  if (code === 0x09) return { label: '⇥', title: 'tab' };
  if (code === 0x0d) return { label: '␍', title: 'carriage return' };
  if (code < 0x20) return { label: String.fromCodePoint(0x2400 + code), title: hex(code) };
  if (code === 0x7f) return { label: '␡', title: 'delete (U+007F)' };
  const name = NAMES[code];
  return { label: hex(code), title: name ? `${name} (${hex(code)})` : `${hex(code)}, invisible` };
}

/** Split `text` into plain runs, real line breaks and visible marks. */
export function revealText(text: string): RevealedText {
  const chars = Array.from(text);
  const parts: RevealedPart[] = [];
  let plain = '';
  let hidden = 0;
  let lines = 1;
  let stacked = 0;
  const flush = (): void => {
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const code = char.codePointAt(0)!;
    if (char === '\n' || (char === '\r' && chars[i + 1] === '\n')) {
      if (char === '\r') i++;
      flush();
      parts.push({ kind: 'break' });
      lines++;
      continue;
    }
    if (code >= TAG_FIRST && code <= TAG_LAST) {
      // Tag characters spell hidden ASCII ("ASCII smuggling"): show what they spell.
      let spelled = '';
      let j = i;
      for (; j < chars.length; j++) {
        const c = chars[j]!.codePointAt(0)!;
        if (c < TAG_FIRST || c > TAG_LAST) break;
        const ascii = c - TAG_FIRST;
        spelled += ascii >= 0x20 && ascii < 0x7f ? String.fromCharCode(ascii) : '·';
      }
      flush();
      hidden += j - i;
      parts.push({
        kind: 'mark',
        label: `hidden tag text “${spelled}”`,
        title: `${j - i} invisible Unicode tag characters (${hex(code)}…)`,
      });
      i = j - 1;
      continue;
    }
    stacked = COMBINING.test(char) ? stacked + 1 : 0;
    const presentationAfterText =
      (code === 0xfe0e || code === 0xfe0f) && !PICTOGRAPHIC.test(chars[i - 1] ?? '');
    const visible =
      (!isInvisible(char, code) || isEmojiJoiner(chars, i)) &&
      stacked <= MAX_STACKED_MARKS &&
      !presentationAfterText;
    if (visible) {
      plain += char;
      continue;
    }
    flush();
    hidden++;
    parts.push({ kind: 'mark', ...markFor(code) });
    // A separator that some apps render as a line break is shown as one too.
    if (code === 0x2028 || code === 0x2029) {
      parts.push({ kind: 'break' });
      lines++;
    }
  }
  flush();
  return { parts, hidden, lines, characters: chars.length };
}

/** The same, on one line: marks in brackets, line breaks as ↵ (for summaries). */
export function revealInline(text: string): string {
  return revealText(text)
    .parts.map((part) =>
      part.kind === 'text' ? part.text : part.kind === 'break' ? '↵' : `[${part.label}]`,
    )
    .join('');
}

/** A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture, not hidden. */
function isEmojiJoiner(chars: string[], i: number): boolean {
  if (chars[i] !== '\u200d') return false;
  const before = chars[i - 1];
  const after = chars[i + 1];
  return (
    before !== undefined &&
    after !== undefined &&
    (PICTOGRAPHIC.test(before) || isEmojiModifier(before.codePointAt(0)!)) &&
    PICTOGRAPHIC.test(after)
  );
}
