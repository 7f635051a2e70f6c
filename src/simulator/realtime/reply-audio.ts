import { SAMPLE_RATE } from '../audio';

/**
 * What the simulator "says": the user's own last turn played back (an audible loopback),
 * or, when there is none, a short two-note chime so a reply is still audible.
 */
export function simulatedReplyAudio(lastUserAudio: Buffer | null): Buffer {
  if (lastUserAudio && lastUserAudio.byteLength >= 2) return lastUserAudio;
  return chime();
}

function chime(): Buffer {
  const notes = [659.25, 880]; // E5 then A5
  const noteSamples = Math.round(SAMPLE_RATE * 0.25);
  const out = Buffer.alloc(noteSamples * notes.length * 2);
  notes.forEach((frequency, n) => {
    for (let i = 0; i < noteSamples; i++) {
      const envelope = Math.min(1, i / 240) * Math.exp((-3 * i) / noteSamples);
      const value = Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE) * 0.3 * envelope;
      out.writeInt16LE(Math.round(value * 32767), (n * noteSamples + i) * 2);
    }
  });
  return out;
}

export type LastUserInput =
  { kind: 'audio'; pcm: Buffer; ms: number } | { kind: 'text'; text: string } | null;

export function replyTranscript(input: LastUserInput): string {
  if (input?.kind === 'text') {
    const quoted = input.text.length > 120 ? `${input.text.slice(0, 117)}…` : input.text;
    return `This is a simulated reply from Hark’s built-in simulator: you wrote “${quoted}”.`;
  }
  const userAudioMs = input?.kind === 'audio' ? input.ms : null;
  if (userAudioMs === null) {
    return 'This is a simulated reply from Hark’s built-in simulator; no model is connected.';
  }
  const seconds = (userAudioMs / 1000).toFixed(1);
  return `This is a simulated reply from Hark’s built-in simulator: I heard ${seconds} seconds of audio and I am playing it back to you.`;
}

/** The answer after a tool ran: says which tool and what it returned. */
export function toolResultReply(name: string, output: string): string {
  const shown = output.length > 200 ? `${output.slice(0, 197)}…` : output;
  return `The ${name} tool returned: ${shown}`;
}
