import { describe, expect, it } from 'vitest';
import {
  CONTINUOUS_MAX_BUFFER_MS,
  pipeReplyAudio,
  receivePortMessage,
  type ReplyAudioSource,
} from '../../../src/main/audio/reply-audio-pipe';
import { Emitter } from '../../../src/shared/emitter';
import type { OutputAudioMessage, PlaybackReport } from '../../../src/shared/ipc';
import type { PlaybackPortCommand } from '../../../src/shared/audio-port-protocol';

class Source
  extends Emitter<{
    'output-audio': OutputAudioMessage;
    'output-done': undefined;
    'output-stop': undefined;
  }>
  implements ReplyAudioSource
{
  frames: Uint8Array[] = [];
  reports: PlaybackReport[] = [];
  continuous = false;
  pushAudioFrame(pcm: Uint8Array): void {
    this.frames.push(pcm);
  }
  reportPlayback(report: PlaybackReport): void {
    this.reports.push(report);
  }
  outputIsContinuous(): boolean {
    return this.continuous;
  }
}

function piped(source: Source): { sent: (PlaybackPortCommand | number[])[]; off: () => void } {
  const sent: (PlaybackPortCommand | number[])[] = [];
  const off = pipeReplyAudio(source, {
    audio: (pcm) => sent.push([...pcm]),
    command: (command) => sent.push(command),
  });
  return { sent, off };
}

describe('the reply audio pipe', () => {
  it('names each item once, then bare PCM, with end and clear in order', () => {
    const source = new Source();
    const { sent, off } = piped(source);
    source.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([1, 2]) });
    source.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([3, 4]) });
    source.emit('output-done', undefined);
    source.emit('output-audio', { itemId: 'b', pcm: new Uint8Array([5, 6]) });
    source.emit('output-stop', undefined);
    off();
    source.emit('output-audio', { itemId: 'c', pcm: new Uint8Array([7, 8]) });
    expect(sent).toEqual([
      { type: 'item', itemId: 'a' },
      [1, 2],
      [3, 4],
      { type: 'end' },
      { type: 'item', itemId: 'b' },
      [5, 6],
      { type: 'clear' },
    ]);
  });

  it('caps the playback buffer for items of a continuous stream (GPT-Live), from the item on', () => {
    const source = new Source();
    const { sent } = piped(source);
    source.emit('output-audio', { itemId: 'a', pcm: new Uint8Array([1, 2]) });
    source.continuous = true; // a new session on the other engine
    source.emit('output-audio', { itemId: 'b', pcm: new Uint8Array([3, 4]) });
    expect(sent.filter((m) => !Array.isArray(m))).toEqual([
      { type: 'item', itemId: 'a' },
      { type: 'item', itemId: 'b', maxBufferMs: CONTINUOUS_MAX_BUFFER_MS },
    ]);
  });

  it('hands valid port messages to the controller and logs the rest', () => {
    const source = new Source();
    const logs: string[] = [];
    const report = { itemId: 'a', playedMs: 40, bufferedMs: 20, underruns: 0 };
    receivePortMessage(source, 'playback', { type: 'played', ...report }, (m) => logs.push(m));
    receivePortMessage(source, 'playback', { type: 'played' }, (m) => logs.push(m));
    receivePortMessage(source, 'capture', new Uint8Array(4).buffer, (m) => logs.push(m));
    receivePortMessage(source, 'capture', 'x', (m) => logs.push(m));
    expect(source.reports).toEqual([report]);
    expect(source.frames).toHaveLength(1);
    expect(logs).toHaveLength(2);
  });
});
