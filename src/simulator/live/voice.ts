import { SAMPLE_RATE } from '../audio';

const WORD_MS = 240;
const GAP_MS = 60;
const MAX_SPOKEN_MS = 15_000;

/**
 * What the simulated voice sounds like when it says text it did not hear (commentary, a
 * tool's result, an acknowledgement): one soft tone per word with a short gap, so the
 * output has speech-like energy that starts and stops. Deterministic; at most 15 s.
 */
export function voiceFor(text: string): Buffer {
  const words = Math.max(1, text.split(/\s+/).filter(Boolean).length);
  const count = Math.min(words, Math.floor(MAX_SPOKEN_MS / (WORD_MS + GAP_MS)));
  const wordSamples = (SAMPLE_RATE * WORD_MS) / 1000;
  const slotSamples = (SAMPLE_RATE * (WORD_MS + GAP_MS)) / 1000;
  const out = Buffer.alloc(count * slotSamples * 2);
  for (let w = 0; w < count; w++) {
    const frequency = 180 + (w % 5) * 20;
    for (let i = 0; i < wordSamples; i++) {
      const envelope = Math.sin((Math.PI * i) / wordSamples);
      const value = Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE) * 0.25 * envelope;
      out.writeInt16LE(Math.round(value * 32767), (w * slotSamples + i) * 2);
    }
  }
  return out;
}

/** The output transcript of an utterance played back: the user's own words. */
export const echoText = (heard: string): string => `You said: ${heard}`;

/** The spoken acknowledgement of a delegation (the service's voice usually says one). */
export const ACKNOWLEDGEMENT = 'One moment.';

/** The backend's answer to a typed message that names no tool. */
export const typedReply = (typed: string): string => {
  const quoted = typed.length > 120 ? `${typed.slice(0, 117)}…` : typed;
  return `This is a simulated reply from Hark’s built-in simulator: you wrote “${quoted}”.`;
};

/** The continuation after tool outputs: says which tool and what it returned. */
export function toolResultText(results: { name: string; output: string }[]): string {
  return results
    .map(({ name, output }) => {
      const shown = output.length > 200 ? `${output.slice(0, 197)}…` : output;
      return `The ${name} tool returned: ${shown}`;
    })
    .join(' ');
}
