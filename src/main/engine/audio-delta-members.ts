/**
 * The members between an audio delta's `type` and its `delta`, read without `JSON.parse`
 * when they are what the service and the simulator send: ids as plain strings and indexes
 * as small integers (`,"event_id":"event_…","item_id":"item_…","output_index":0`), up to
 * the delta. Anything else (another key, an escape, a float, a space, a non-ASCII byte) is
 * refused, and the caller parses the members instead.
 */

/** Each known member as it starts after its comma: `"key":`. */
const MEMBERS: readonly { opening: string; key: string; kind: 'id' | 'index' }[] = [
  { key: 'event_id', kind: 'id' },
  { key: 'response_id', kind: 'id' },
  { key: 'item_id', kind: 'id' },
  { key: 'output_index', kind: 'index' },
  { key: 'content_index', kind: 'index' },
].map((m) => ({ ...m, kind: m.kind as 'id' | 'index', opening: `"${m.key}":` }));

/** The five keys start with five different letters. */
const BY_FIRST_LETTER = new Map(MEMBERS.map((m) => [m.key.charCodeAt(0), m]));

const QUOTE = 0x22;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;
/** Nine digits stay well inside a safe integer, so the number is exactly JSON.parse's. */
const MAX_DIGITS = 9;

/** `[A-Za-z0-9_-]`: what the ids are made of; no quote, backslash or multibyte character. */
function isIdCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= ZERO && code <= NINE) ||
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/**
 * Read `,"key":value` members of `head` (the frame's bytes as latin1: one character per
 * byte, so a multibyte character can never pass for ASCII) from `start` into `event`, in
 * order (a repeated key keeps its first place and its last value, as JSON.parse does),
 * until `stop` (e.g. `,"delta":"`) begins. Its index, or -1 when anything else comes first.
 */
export function readDeltaMembers(
  head: string,
  start: number,
  event: Record<string, unknown>,
  stop: string,
): number {
  const end = head.length;
  let at = start;
  while (at < end) {
    if (head.startsWith(stop, at)) return at;
    if (head.charCodeAt(at) !== COMMA) return -1;
    const member = findMember(head, at + 1);
    if (member === undefined) return -1;
    const valueStart = at + 1 + member.opening.length;
    let valueEnd = valueStart;
    if (member.kind === 'id') {
      if (head.charCodeAt(valueStart) !== QUOTE) return -1;
      valueEnd++;
      while (valueEnd < end && isIdCode(head.charCodeAt(valueEnd))) valueEnd++;
      if (valueEnd >= end || head.charCodeAt(valueEnd) !== QUOTE) return -1;
      event[member.key] = head.slice(valueStart + 1, valueEnd);
      at = valueEnd + 1;
    } else {
      let value = 0;
      if (head.charCodeAt(valueEnd) === ZERO)
        valueEnd++; // JSON allows no leading zero: "01" fails at the next member
      else
        while (valueEnd < end && valueEnd - valueStart < MAX_DIGITS) {
          const code = head.charCodeAt(valueEnd);
          if (code < ZERO || code > NINE) break;
          value = value * 10 + (code - ZERO);
          valueEnd++;
        }
      if (valueEnd === valueStart) return -1;
      event[member.key] = value;
      at = valueEnd; // the next member's comma or `stop`; a further digit or `.5` fails there
    }
  }
  return -1;
}

/** The known member opening at `at` (its key's first letter picks the one candidate). */
function findMember(head: string, at: number): (typeof MEMBERS)[number] | undefined {
  const member = BY_FIRST_LETTER.get(head.charCodeAt(at + 1));
  return member !== undefined && head.startsWith(member.opening, at) ? member : undefined;
}
