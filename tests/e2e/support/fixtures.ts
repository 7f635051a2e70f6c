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

/** A file of exact zeros: what a mic blocked by the OS delivers. */
export function silentFixture(seconds = 6): string {
  const out = join(dir, 'silence.wav');
  writeFileSync(out, encodeWavPcm16(new Int16Array(24000 * seconds), 24000));
  return out;
}

export const outputDir = join(process.cwd(), 'test-results', 'e2e');
