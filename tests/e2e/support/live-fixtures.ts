import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'hark-e2e-live-'));

function speak(text: string, out: string, soxEffects: string[]): void {
  const raw = `${out}.raw.wav`;
  try {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
    execFileSync('sox', [raw, '-r', '24000', '-c', '1', '-b', '16', out, ...soxEffects]);
  } catch (error) {
    throw new Error(`The GPT-Live fixtures need espeak-ng and sox: ${String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Talking over GPT-Live: a question (quieter, so its playback — the simulator's reply — is
 * quieter than the user), the pause after which the model answers, then the user talking
 * over that reply at full voice, then silence (the fake device repeats the last sample).
 * `questionMs`: the question's length, which is also the full reply's.
 */
export function bargeInFixture(): { file: string; questionMs: number } {
  const question = join(dir, 'question.wav');
  const interrupt = join(dir, 'interrupt.wav');
  const file = join(dir, 'barge-in.wav');
  const leadMs = 600;
  // The reply starts ~0.5 s after the question ends (the simulator's pause) and lasts as
  // long as the question: the user cuts in 1.1 s after the question, ~0.6 s into the reply.
  const gapMs = 1100;
  speak('What is the weather like in Paris today and tomorrow', question, [
    'vol',
    '0.4',
    'pad',
    String(leadMs / 1000),
    String(gapMs / 1000),
  ]);
  speak('Wait wait stop there', interrupt, ['pad', '0', '4']);
  execFileSync('sox', [question, interrupt, file]);
  const questionMs = soxMs(question) - leadMs - gapMs;
  return { file, questionMs };
}

function soxMs(file: string): number {
  return Math.round(Number(execFileSync('soxi', ['-D', file]).toString().trim()) * 1000);
}
