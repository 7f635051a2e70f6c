import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import TranscriptView from '../../../src/renderer/src/components/TranscriptView.svelte';
import type { TranscriptEntry } from '../../../src/renderer/src/state/transcript.svelte';

const show = (entries: TranscriptEntry[]) =>
  render(TranscriptView, { props: { entries, simulated: false } }).body;

describe('TranscriptView', () => {
  it('marks a turn that could not be transcribed with the server’s reason', () => {
    const html = show([
      { key: 'user:u1', role: 'user', text: '', final: true, failed: 'audio_unintelligible' },
      { key: 'user:u2', role: 'user', text: 'Hello', final: true },
    ]);
    expect(html.match(/data-testid="transcription-failed"/g)).toHaveLength(1);
    expect(html).toMatch(/could not be transcribed\s*\(audio_unintelligible\)/);
  });

  it('shows a line still being transcribed as streaming', () => {
    const html = show([{ key: 'user:u', role: 'user', text: 'What is', final: false }]);
    expect(html).toMatch(/class="line user[^"]*streaming/);
    expect(html).toContain('What is');
  });
});
