import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revealInline, revealText, type RevealedPart } from '../../src/shared/reveal-text';

const marks = (parts: RevealedPart[]) =>
  parts.filter((p) => p.kind === 'mark').map((p) => (p.kind === 'mark' ? p.label : ''));

/** Characters that must never reach the screen as themselves. */
const DANGEROUS =
  /[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u061C\uFEFF\u2060\u{E0000}-\u{E007F}]/u;

describe('revealText', () => {
  it('keeps plain text and real line breaks as they are', () => {
    const shown = revealText('Dear Ann,\r\nsee you at 5.\nBye');
    expect(shown.parts).toEqual([
      { kind: 'text', text: 'Dear Ann,' },
      { kind: 'break' },
      { kind: 'text', text: 'see you at 5.' },
      { kind: 'break' },
      { kind: 'text', text: 'Bye' },
    ]);
    expect(shown).toMatchObject({ hidden: 0, lines: 3, characters: 28 });
  });

  it('marks a right-to-left override that would make "exe.txt" look like "txt.exe"', () => {
    const shown = revealText('invoice\u202Etxt.exe');
    expect(shown.parts).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'mark', label: 'U+202E', title: 'right-to-left override (U+202E)' },
      { kind: 'text', text: 'txt.exe' },
    ]);
    expect(shown.hidden).toBe(1);
  });

  it('marks zero-width, bidi isolates, BOM, controls, tabs and lone carriage returns', () => {
    const shown = revealText('a\u200Bb\u2067c\u2069\uFEFFd\u0007e\tf\rg\u007Fh\u0085');
    expect(marks(shown.parts)).toEqual([
      'U+200B',
      'U+2067',
      'U+2069',
      'U+FEFF',
      '␇',
      '⇥',
      '␍',
      '␡',
      'U+0085',
    ]);
    expect(shown.hidden).toBe(9);
  });

  it('marks characters that show as nothing, or as something else (review)', () => {
    const lone = '\uD800';
    const shown = revealText(`a\u2800b\uE000c${lone}d\u034Fe\uFE0Ff😀\uFE0F`);
    expect(marks(shown.parts)).toEqual(['U+2800', 'U+E000', 'U+D800', 'U+034F', 'U+FE0F']);
    // Five or more combining marks on one letter can cover the text around it.
    const zalgo = revealText(`x${'\u0301'.repeat(6)}y`);
    expect(zalgo.hidden).toBe(2);
    expect(revealText('e\u0301\u0302').hidden).toBe(0); // ordinary accents stay text
  });

  it('spells out hidden Unicode tag characters ("ASCII smuggling")', () => {
    const smuggled = Array.from('rm -rf', (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0)));
    const shown = revealText(`hello${smuggled.join('')}`);
    expect(shown.parts[1]).toMatchObject({ kind: 'mark', label: 'hidden tag text “rm -rf”' });
    expect(shown.hidden).toBe(6);
  });

  it('treats line and paragraph separators as marked line breaks', () => {
    const shown = revealText('a\u2028b');
    expect(shown.parts.map((p) => p.kind)).toEqual(['text', 'mark', 'break', 'text']);
    expect(shown.lines).toBe(2);
  });

  it('leaves emoji sequences whole: their joiners are part of the picture', () => {
    expect(revealText('👩‍💻 ok ❤️ 👩🏽‍💻').hidden).toBe(0);
    expect(revealText('a\u200Db').hidden).toBe(1);
  });

  it('never lets a dangerous character through in a plain run, and loses no character', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 4 }),
            fc.constantFrom('\n', '\r\n', '\r', '\t', '\u202E', '\u200D', '👩', '\u{E0041}'),
          ),
        ),
        (pieces) => {
          const text = pieces.join('');
          const shown = revealText(text);
          let plain = 0;
          for (const part of shown.parts)
            if (part.kind === 'text') {
              expect(part.text).not.toMatch(DANGEROUS);
              expect(part.text).not.toMatch(/\p{Cc}/u);
              plain += Array.from(part.text).length;
            }
          // Every character is shown as itself, as a mark, or as a line break.
          const newlineChars = (text.match(/\r\n|\n/g) ?? []).reduce((n, m) => n + m.length, 0);
          expect(plain + shown.hidden + newlineChars).toBe(shown.characters);
          expect(shown.characters).toBe(Array.from(text).length);
        },
      ),
    );
  });
});

describe('revealInline', () => {
  it('shows marks in brackets and line breaks as ↵, on one line', () => {
    expect(revealInline('one\ntwo\u202Ethree')).toBe('one↵two[U+202E]three');
    expect(revealInline(revealInline('x\u200By'))).toBe('x[U+200B]y');
  });
});
