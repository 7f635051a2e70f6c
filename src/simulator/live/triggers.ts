/**
 * Words that make the simulator end a session the way the service can, so clients can test
 * their handling deterministically: said by the user (through the transcriber hook), typed
 * in a `response.item.create` user message, or — for startup — written in the instructions.
 */
export type SimulatedEnding = 'content' | 'connection_lost' | 'dropped_socket';

const ENDINGS: [phrase: string, ending: SimulatedEnding][] = [
  ['simulate content', 'content'],
  ['simulate connection lost', 'connection_lost'],
  ['simulate dropped socket', 'dropped_socket'],
];

const normalized = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

/** The ending the text asks for, if any. */
export function endingIn(text: string): SimulatedEnding | null {
  const words = normalized(text);
  for (const [phrase, ending] of ENDINGS) if (words.includes(` ${phrase} `)) return ending;
  return null;
}

/** Instructions containing this fail the start with `credit_balance_exhausted`. */
export function asksForCreditExhaustion(instructions: string): boolean {
  return normalized(instructions).includes(' simulate credit exhausted ');
}
