import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDeltaMembers } from '../../../src/main/engine/audio-delta-members';

/** Members as they sit between `{"type":"…"` and `,"delta":…`; compared with JSON.parse. */
function read(members: string): Record<string, unknown> | null {
  const event: Record<string, unknown> = { type: 't' };
  const head = Buffer.from(`{"type":"t"${members},"delta":"AAAA"}`, 'utf8').toString('latin1');
  const at = readDeltaMembers(head, '{"type":"t"'.length, event);
  if (at < 0) return null;
  // It stops exactly where the delta begins.
  expect(head.slice(at)).toBe(',"delta":"AAAA"}');
  return event;
}
const parsed = (members: string): unknown => JSON.parse(`{"type":"t"${members}}`);

describe('the audio delta members read from bytes', () => {
  it.each([
    '',
    ',"event_id":"event_CXz9Qk3LmN0pR7sT2uVwZ","response_id":"resp_CXz9Qk3LmN0pR7sT2uVwX","item_id":"item_CXz9Qk3LmN0pR7sT2uVwY","output_index":0,"content_index":0',
    ',"response_id":"resp-3","item_id":"item_sim_4","output_index":1,"content_index":0',
    ',"event_id":"e","content_index":12',
    ',"output_index":123456789',
    ',"item_id":""',
  ])('reads %j exactly as JSON.parse does', (members) => {
    const got = read(members);
    expect(got).toEqual(parsed(members));
    expect(Object.keys(got!)).toEqual(Object.keys(parsed(members) as object));
  });

  it.each([
    [',"other":"x"', 'another key'],
    [',"item_id":"a","response_id":"r"', 'another order'],
    [',"item_id":"a","item_id":"b"', 'a repeated key'],
    [',"item_id":"a\\"b"', 'an escape'],
    [',"item_id":"é"', 'a multibyte character'],
    [',"item_id":"a b"', 'a space in an id'],
    [',"item_id":1', 'an id that is a number'],
    [',"output_index":"1"', 'an index that is a string'],
    [',"output_index":01', 'a leading zero'],
    [',"output_index":-1', 'a negative index'],
    [',"output_index":1.5', 'a fraction'],
    [',"output_index":1e3', 'an exponent'],
    [',"output_index":1234567890', 'ten digits'],
    [',"output_index":null', 'null'],
    [', "item_id":"a"', 'whitespace'],
    [',"item_id":"a",', 'a trailing comma'],
    [',"item_id":"a"x', 'junk after a member'],
    [',"\\u0069tem_id":"a"', 'an escaped key'],
    [',"item_id" :"a"', 'a space before the colon'],
    [',"__proto__":"a"', 'a prototype key'],
  ])('refuses %j (%s): the caller parses instead', (members) => {
    expect(read(members)).toBeNull();
  });

  it('property: anything it reads, JSON.parse reads the same', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ',"item_id":"',
        ',"event_id":"',
        ',"output_index":',
        ',"content_index":',
        '"',
        ',',
        '0',
        '7',
        'abc',
        '.',
        '-',
        '\\',
        'é',
      ),
      fc.string({ maxLength: 3 }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const members = pieces.join('');
        const got = read(members);
        if (got === null) return;
        accepted++;
        expect(got).toEqual(parsed(members));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});
