import { liveError, type LiveError } from './errors';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** An audio fixture: at most 30 s of PCM16 24 kHz (the types say so). */
export const MAX_FIXTURE_BYTES = 30 * 48_000;

/** The PCM16 carried by an event's base64 `audio`, or why it is not PCM16. */
export function decodePcm16(audio: string): Buffer | LiveError {
  if (!BASE64.test(audio)) {
    return liveError(
      'invalid_value',
      "Invalid 'audio': expected base64-encoded PCM16 audio.",
      'audio',
    );
  }
  const pcm = Buffer.from(audio, 'base64');
  if (pcm.byteLength % 2 !== 0) {
    return liveError(
      'invalid_value',
      "Invalid 'audio': PCM16 data must have an even number of bytes.",
      'audio',
    );
  }
  return pcm;
}

/** A fixture's PCM16, validated whole (format and length) before any of it plays. */
export function decodeFixture(audio: string): Buffer | LiveError {
  const pcm = decodePcm16(audio);
  if (!Buffer.isBuffer(pcm)) return pcm;
  if (pcm.byteLength > MAX_FIXTURE_BYTES) {
    return liveError(
      'invalid_value',
      "Invalid 'audio': a fixture is at most 30 seconds of PCM16 at 24 kHz.",
      'audio',
    );
  }
  return pcm;
}
