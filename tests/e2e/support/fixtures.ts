import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWavPcm16 } from '../../../src/shared/audio/wav';

const dir = mkdtempSync(join(tmpdir(), 'hark-e2e-'));

/**
 * A spoken sentence made with espeak-ng, as 24 kHz mono PCM16, with silence before (the
 * mic takes a moment to open) and after (the fake device repeats the last sample forever).
 */
export function speechFixture(text = 'Hello Hark. What is the weather like today?'): string {
  const raw = join(dir, 'raw.wav');
  const out = join(dir, 'speech.wav');
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
    execFileSync('sox', [raw, '-r', '24000', '-c', '1', '-b', '16', out, 'pad', '0.6', '1.0']);
  } catch (error) {
    throw new Error(
      `The speech fixture needs espeak-ng and sox (apt-get install espeak-ng sox): ${String(error)}`,
      { cause: error },
    );
  }
  return out;
}

/**
 * Hands-free without headphones: the user speaks, then — while Hark plays its reply — the
 * microphone picks that reply up again, quieter (an echo at 35 %). Returns the file and
 * the echo alone (for checking it would be heard as speech without a guard).
 */
export function speechThenEchoFixture(text = 'What is the weather like in Paris today'): {
  file: string;
  echo: string;
} {
  const raw = join(dir, 'echo-raw.wav');
  const speech = join(dir, 'echo-speech.wav');
  const echo = join(dir, 'echo-only.wav');
  const file = join(dir, 'speech-then-echo.wav');
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
    // The speech, then the 0.5 s the server waits for silence before it replies.
    execFileSync('sox', [raw, '-r', '24000', '-c', '1', '-b', '16', speech, 'pad', '0', '0.6']);
    // The reply's echo: the same words, quieter, inside the time the reply plays (its first
    // 0.3 s and last second left out: the mic opens late and trims the reply's start).
    const echoArgs = ['trim', '0.3', '-1.0', 'vol', '0.35', 'pad', '0.3', '2.0'];
    execFileSync('sox', [raw, '-r', '24000', '-c', '1', '-b', '16', echo, ...echoArgs]);
    execFileSync('sox', [speech, echo, file]);
  } catch (error) {
    throw new Error(`The echo fixture needs espeak-ng and sox: ${String(error)}`, { cause: error });
  }
  return { file, echo };
}

/** A file of exact zeros: what a mic blocked by the OS delivers. */
export function silentFixture(seconds = 6): string {
  const out = join(dir, 'silence.wav');
  writeFileSync(out, encodeWavPcm16(new Int16Array(24000 * seconds), 24000));
  return out;
}

export const outputDir = join(process.cwd(), 'test-results', 'e2e');
