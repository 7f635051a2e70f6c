import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaRedactor } from '../../../src/main/engine/delta-redaction';
import type { IncomingEvent } from '../../../src/main/realtime/protocol';
import { Redactor } from '../../../src/main/engine/redaction';

/** A key no shape rule knows: only the literal (the stored key) can catch it. */
const KEY = 'Zq7Lm2Xv9Kp4Rt8Wn3Yb6Hc1';
const SK = 'sk-proj-a8F3kL0pQ2rS5tU7vW9xY1zB';

const STREAMS = [
  ['response.output_audio_transcript.delta', 'response.output_audio_transcript.done', 'transcript'],
  ['response.output_text.delta', 'response.output_text.done', 'text'],
  ['response.function_call_arguments.delta', 'response.function_call_arguments.done', 'arguments'],
  [
    'conversation.item.input_audio_transcription.delta',
    'conversation.item.input_audio_transcription.completed',
    'transcript',
  ],
] as const;

/** Stream `pieces` as deltas of one item, then its end; the text that came out, and the events. */
function stream(
  redactor: DeltaRedactor,
  pieces: string[],
  [deltaType, doneType, field]: readonly [string, string, string],
  item = 'item_1',
): { text: string; events: IncomingEvent[] } {
  const events: IncomingEvent[] = [];
  pieces.forEach((delta, i) =>
    events.push(
      ...redactor.process({
        type: deltaType,
        event_id: `e${i}`,
        item_id: item,
        content_index: 0,
        delta,
      }),
    ),
  );
  events.push(
    ...redactor.process({
      type: doneType,
      item_id: item,
      content_index: 0,
      [field]: pieces.join(''),
    }),
  );
  const text = events
    .filter((e) => e.type === deltaType)
    .map((e) => e.delta as string)
    .join('');
  return { text, events };
}

describe('streamed text is redacted across its deltas', () => {
  const redactor = new Redactor([KEY]);

  it.each(STREAMS)('a key split at every position never comes out in pieces (%s)', (...kind) => {
    for (const secret of [
      KEY,
      SK,
      `Authorization: Bearer ${KEY}`,
      `https://x.example/cb?token=${KEY}`,
    ]) {
      const full = `here it is: ${secret} — done`;
      const whole = redactor.text(full);
      const from = full.indexOf(secret);
      for (let cut = from; cut <= from + secret.length; cut++) {
        const { text, events } = stream(
          new DeltaRedactor(redactor),
          [full.slice(0, cut), full.slice(cut)],
          kind,
        );
        expect(text, `${secret} cut at ${cut}`).toBe(whole);
        expect(JSON.stringify(events)).not.toContain(KEY.slice(0, 8));
        expect(JSON.stringify(events)).not.toContain(KEY.slice(-8));
        expect(JSON.stringify(events)).not.toContain(SK.slice(-10));
      }
    }
  });

  it('a key split in three anywhere, and one character per delta', () => {
    const full = `my key: ${KEY}.`;
    const whole = redactor.text(full);
    const kind = STREAMS[0];
    for (let i = 1; i < full.length; i++)
      for (let j = i + 1; j < full.length; j++) {
        const pieces = [full.slice(0, i), full.slice(i, j), full.slice(j)];
        expect(stream(new DeltaRedactor(redactor), pieces, kind).text).toBe(whole);
      }
    expect(stream(new DeltaRedactor(redactor), [...full], kind).text).toBe(whole);
  });

  it('without a done, the response end releases what was held (redacted)', () => {
    const deltas = new DeltaRedactor(redactor);
    const out = [
      ...deltas.process({
        type: 'response.output_text.delta',
        item_id: 'i',
        content_index: 0,
        delta: `key ${KEY.slice(0, 9)}`,
      }),
      ...deltas.process({
        type: 'response.output_text.delta',
        item_id: 'i',
        content_index: 0,
        delta: KEY.slice(9, 20),
      }),
    ];
    expect(deltas.heldCharacters).toBeGreaterThan(0);
    out.push(...deltas.process({ type: 'response.done', response: { status: 'cancelled' } }));
    expect(deltas.heldCharacters).toBe(0);
    expect(out.map((e) => e.delta ?? '').join('')).toBe('key [API key redacted]');
    expect(out.at(-1)!.type).toBe('response.done');
  });

  it('a key cut short at the end of a stream is redacted in the tail and in the done text', () => {
    const cut = `said ${KEY.slice(0, 12)}`;
    const { text, events } = stream(
      new DeltaRedactor(redactor),
      [cut.slice(0, 9), cut.slice(9)],
      STREAMS[1],
    );
    expect(text).toBe('said [API key redacted]');
    expect(events.at(-1)).toMatchObject({ text: 'said [API key redacted]' });
    expect(JSON.stringify(events)).not.toContain(KEY.slice(0, 8));
  });

  it('streams are kept apart by item and content part', () => {
    const deltas = new DeltaRedactor(redactor);
    const send = (item: string, index: number, delta: string) =>
      deltas.process({
        type: 'response.output_text.delta',
        item_id: item,
        content_index: index,
        delta,
      })[0]!;
    send('a', 0, KEY.slice(0, 10));
    expect(send('b', 0, ' plain words.').delta).toBe(' plain words.');
    expect(send('a', 1, ' other part.').delta).toBe(' other part.');
    expect(send('a', 0, `${KEY.slice(10)} end.`).delta).toBe('[API key redacted] end.');
  });

  it('text whose end cannot begin a secret flows through at once, unchanged', () => {
    const deltas = new DeltaRedactor(redactor);
    const words = [
      ' Hello',
      ' there,',
      ' how',
      ' is',
      ' your',
      ' day',
      ' going?',
      ' Fine',
      ' thanks!',
    ];
    for (const word of words) {
      const [event] = deltas.process({
        type: 'response.output_audio_transcript.delta',
        item_id: 'i',
        content_index: 0,
        delta: word,
      });
      expect(event!.delta).toBe(word);
      expect(deltas.heldCharacters).toBe(0);
    }
  });

  it('a possible start is held only until the next delta shows it is not one', () => {
    const deltas = new DeltaRedactor(redactor);
    const send = (delta: string) =>
      deltas.process({
        type: 'response.output_audio_transcript.delta',
        item_id: 'i',
        content_index: 0,
        delta,
      })[0]!.delta;
    expect(send(' going to')).toBe(' going ');
    expect(send(' the')).toBe('to the');
    expect(send(' shop')).toBe(' shop');
    expect(send(` ${KEY.slice(0, 3)}`)).toBe(' ');
    expect(send('ndy')).toBe(`${KEY.slice(0, 3)}ndy`);
  });

  it('a key split across two streams (parts, types, items, after a done) shows no 8 of its characters', () => {
    const TOKEN = 'Bearer mcp_Q9w8E7r6T5y4U3i2O1p0Aa';
    const both = new Redactor([KEY, TOKEN]);
    const windows = (secret: string) =>
      Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
    type Place = { type: string; done: string; field: string; item: string; part: number };
    const text = {
      type: 'response.output_text.delta',
      done: 'response.output_text.done',
      field: 'text',
    };
    const audio = {
      type: 'response.output_audio_transcript.delta',
      done: 'response.output_audio_transcript.done',
      field: 'transcript',
    };
    const pairs: [Place, Place][] = [
      [
        { ...text, item: 'i', part: 0 },
        { ...text, item: 'i', part: 1 },
      ], // two content parts
      [
        { ...text, item: 'i', part: 0 },
        { ...audio, item: 'i', part: 0 },
      ], // text, then transcript
      [
        { ...text, item: 'i', part: 0 },
        { ...text, item: 'j', part: 0 },
      ], // two items
      [
        { ...text, item: 'i', part: 0 },
        { ...text, item: 'i', part: 0 },
      ], // a delta after its done
    ];
    let cases = 0;
    for (const secret of [KEY, TOKEN])
      for (const [a, b] of pairs)
        for (let cut = 1; cut < secret.length; cut++) {
          const deltas = new DeltaRedactor(both);
          const out: IncomingEvent[] = [];
          const send = (place: Place, delta: string, end: string) => {
            const at = { item_id: place.item, content_index: place.part };
            out.push(...deltas.process({ type: place.type, ...at, delta }));
            out.push(...deltas.process({ type: place.done, ...at, [place.field]: end }));
          };
          send(a, `first ${secret.slice(0, cut)}`, `first ${secret.slice(0, cut)}`);
          send(b, `${secret.slice(cut)} and on`, `${secret.slice(cut)} and on`);
          const shown = JSON.stringify(out);
          for (const piece of windows(secret))
            expect(shown, `${secret} cut at ${cut}`).not.toContain(piece);
          expect(shown).toContain('and on'); // the words around it still show
          cases++;
        }
    expect(cases).toBeGreaterThan(200);
  });

  it("a response's end releases only its own streams", () => {
    const deltas = new DeltaRedactor(redactor);
    const piece = (responseId: string, item: string, delta: string) =>
      deltas.process({
        type: 'response.output_text.delta',
        response_id: responseId,
        item_id: item,
        content_index: 0,
        delta,
      });
    const out = [...piece('resp_b', 'ib', `key ${KEY.slice(0, 9)}`)];
    out.push(...deltas.process({ type: 'response.done', response: { id: 'resp_a' } }));
    expect(deltas.heldCharacters).toBeGreaterThan(0); // B's start of a key is still held
    out.push(...piece('resp_b', 'ib', KEY.slice(9)));
    out.push(...deltas.process({ type: 'response.done', response: { id: 'resp_b' } }));
    expect(out.map((e) => e.delta ?? '').join('')).toBe('key [API key redacted]');
  });

  it('streams that never end cannot switch the hold-back off for later ones', () => {
    const deltas = new DeltaRedactor(redactor);
    // 100 transcriptions whose .completed never comes, each holding a possible key start.
    for (let i = 0; i < 100; i++)
      deltas.process({
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: `u${i}`,
        content_index: 0,
        delta: `said ${KEY.slice(0, 5)}`,
      });
    const { text } = stream(deltas, [`here: ${KEY.slice(0, 12)}`, KEY.slice(12)], STREAMS[1]);
    expect(text).not.toContain(KEY.slice(0, 8));
    expect(text).not.toContain(KEY.slice(-8));
    expect(deltas.heldCharacters).toBeLessThan(64 * 20);
  });

  it('a hostile stream holds at most the longest secret, and only so many streams hold at all', () => {
    const deltas = new DeltaRedactor(redactor);
    let out = '';
    for (let i = 0; i < 500; i++)
      out += deltas.process({
        type: 'response.output_text.delta',
        item_id: 'i',
        content_index: 0,
        delta: 'https://x/aaaa',
      })[0]!.delta;
    expect(deltas.heldCharacters).toBeLessThanOrEqual(1024 + 14);
    expect(out.length).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++)
      deltas.process({
        type: 'response.output_text.delta',
        item_id: `x${i}`,
        content_index: 0,
        delta: ' a',
      });
    expect(deltas.heldCharacters).toBeLessThan(1024 + 14 + 64 * 2);
  });

  it('generated texts with the key at random places and random cuts never show 8 of its characters (2,000 cases)', () => {
    const word = fc.constantFrom(
      ' a',
      ' to',
      ' the',
      ' token:',
      ' https://',
      ' sk',
      ' Bearer',
      ',',
      ' é',
      '\n',
      ' Zq7',
      'x',
    );
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        fc.array(word, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...STREAMS),
        (before, after, cuts, kind) => {
          const full = `${before.join('')} ${KEY}${after.join('')}`;
          const points = [...new Set(cuts.map((c) => c % full.length))].sort((a, b) => a - b);
          const pieces = [0, ...points].map((p, i, all) =>
            full.slice(p, all[i + 1] ?? full.length),
          );
          const { events } = stream(new DeltaRedactor(redactor), pieces, kind);
          const seen = JSON.stringify(events);
          for (let i = 0; i + 8 <= KEY.length; i++) expect(seen).not.toContain(KEY.slice(i, i + 8));
        },
      ),
      { numRuns: 2_000 },
    );
  }, 30_000);
});
