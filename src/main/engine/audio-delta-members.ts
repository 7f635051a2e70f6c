/**
 * The members between an audio delta's `type` and its `delta`, read without `JSON.parse`
 * when they are what the service and the simulator send: ids as plain strings and indexes
 * as small integers, each at most once and in the service's order
 * (`,"event_id":"event_…","response_id":"resp_…","item_id":"item_…","output_index":0,
 * "content_index":0`; GPT-Live's delta has none of them). One sticky regular expression
 * reads them (compiled to native code, it costs a third of a hand-written scanner).
 * Anything else (another key or order, a repeat, an escape, a float, a space, a non-ASCII
 * byte) does not match, and the caller parses the members instead.
 */

/** The known members in the order the service sends them. */
const MEMBERS = [
  { key: 'event_id', kind: 'id' },
  { key: 'response_id', kind: 'id' },
  { key: 'item_id', kind: 'id' },
  { key: 'output_index', kind: 'index' },
  { key: 'content_index', kind: 'index' },
] as const;

/**
 * Ids are `[A-Za-z0-9_-]` (no quote, backslash or multibyte character: `\w` is ASCII
 * without the `u` flag); indexes have no leading zero (JSON allows none) and at most nine
 * digits, so the number is exactly JSON.parse's.
 */
const VALUE = { id: '"([\\w-]*)"', index: '(0|[1-9]\\d{0,8})' } as const;

/** Where the delta member starts: `,"delta":"`. */
export const DELTA_OPENING = ',"delta":"';

const MEMBERS_THEN_DELTA = new RegExp(
  `${MEMBERS.map((m) => `(?:,"${m.key}":${VALUE[m.kind]})?`).join('')}${DELTA_OPENING}`,
  'y',
);

/**
 * Read the members of `head` (the frame's bytes as latin1: one character per byte, so a
 * multibyte character can never pass for ASCII) from `start` into `event`, up to the
 * delta member. Its index, or -1 when anything else comes first.
 */
export function readDeltaMembers(
  head: string,
  start: number,
  event: Record<string, unknown>,
): number {
  MEMBERS_THEN_DELTA.lastIndex = start;
  const match = MEMBERS_THEN_DELTA.exec(head);
  if (match === null) return -1;
  for (let i = 0; i < MEMBERS.length; i++) {
    const value = match[i + 1];
    if (value === undefined) continue;
    const member = MEMBERS[i]!;
    event[member.key] = member.kind === 'id' ? value : Number(value);
  }
  return MEMBERS_THEN_DELTA.lastIndex - DELTA_OPENING.length;
}
