import { Serializer } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  RealtimeSession,
  decodeAudioDelta,
  type OutputAudio,
} from '../../../src/main/realtime/session';
import { resolveEndpoint } from '../../../src/main/engine/providers';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/main/realtime/session-config';

const audio = (bytes: number): Buffer =>
  Buffer.from(Array.from({ length: bytes }, (_, i) => i & 0xff));

/**
 * V8's own ValueSerializer, as Electron's IPC uses it (Node's `v8.serialize` would write only a
 * typed array's view; the plain Serializer, like structured clone, writes its whole buffer).
 */
function ipcBytes(value: unknown): number {
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return serializer.releaseBuffer().byteLength;
}

/** A session that is never opened: events are fed to it as its connection would. */
function deltaThroughSession(delta: string): { pcm: Buffer; warnings: string[] } {
  const endpoint = resolveEndpoint({ kind: 'simulator', url: 'ws://127.0.0.1:1/v1/realtime' });
  const session = new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS);
  const out: OutputAudio[] = [];
  const warnings: string[] = [];
  session.on('output-audio', (a) => out.push(a));
  session.on('warning', (w) => warnings.push(w));
  session.connection.emit('event', {
    type: 'response.output_audio.delta',
    event_id: 'evt_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta,
  });
  expect(out).toHaveLength(1);
  return { pcm: out[0]!.pcm, warnings };
}

describe('output audio deltas carry exactly their audio', () => {
  it.each([2, 960, 3070, 4800, 48_000])(
    'a %i-byte delta owns a buffer of exactly that size',
    (bytes) => {
      const { pcm } = deltaThroughSession(audio(bytes).toString('base64'));
      expect(pcm.equals(audio(bytes))).toBe(true);
      expect(pcm.buffer.byteLength).toBe(bytes);
      expect(pcm.byteOffset).toBe(0);
    },
  );

  it('what IPC serializes for a 20 ms delta is the audio plus a small envelope, not the 8 KiB pool', () => {
    const { pcm } = deltaThroughSession(audio(960).toString('base64'));
    const pooled = Buffer.from(audio(960).toString('base64'), 'base64'); // what it used to be
    const view = (b: Buffer) => ({
      itemId: 'item_1',
      pcm: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    });
    expect(pooled.buffer.byteLength).toBeGreaterThan(960); // the premise: small results share the pool
    expect(ipcBytes(view(pcm))).toBeLessThan(960 + 64);
    expect(ipcBytes(view(pooled))).toBeGreaterThan(8192);
  });

  it('an odd byte count loses only its stray byte, and the rest is still exact', () => {
    const { pcm, warnings } = deltaThroughSession(audio(961).toString('base64'));
    expect(pcm.equals(audio(960))).toBe(true);
    expect(pcm.buffer.byteLength).toBe(960);
    expect(warnings.join()).toMatch(/961 bytes/);
  });

  it('junk in the base64 is skipped as Node skips it, without trailing garbage bytes', () => {
    const clean = audio(300).toString('base64');
    const dirty = `${clean.slice(0, 40)}\n  ${clean.slice(40)}`;
    const decoded = decodeAudioDelta(dirty);
    expect(decoded.equals(audio(300))).toBe(true);
    expect(decoded.buffer.byteLength).toBe(300);
    expect(decodeAudioDelta('').byteLength).toBe(0);
  });
});
