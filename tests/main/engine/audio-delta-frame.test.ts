import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AudioDeltaFrameReader,
  isAllZero,
  type AudioDeltaRead,
} from '../../../src/main/engine/audio-delta-frame';
import { decodeAudioDelta } from '../../../src/main/realtime/session';
import { startTestServer } from '../../support/servers';
import { simulatorFixture } from '../../simulator/support/client';
import { RealtimeSession, type OutputAudio } from '../../../src/main/realtime/session';
import { resolveEndpoint } from '../../../src/main/engine/providers';
import { DEFAULT_SESSION_SETTINGS } from '../../../src/main/realtime/session-config';

const REALTIME = 'response.output_audio.delta';
const LIVE = 'session.output_audio.delta';
const realtime = new AudioDeltaFrameReader({ type: REALTIME });

const pcm = (bytes: number, seed = 1): Buffer =>
  Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 31 + seed) & 0xff));

/** The service's field order (the GA docs' example), and the simulator's (response-stream.ts). */
const serviceFrame = (delta: string): string =>
  JSON.stringify({
    type: REALTIME,
    event_id: 'event_CXz9Qk3LmN0pR7sT2uVwZ',
    response_id: 'resp_CXz9Qk3LmN0pR7sT2uVwX',
    item_id: 'item_CXz9Qk3LmN0pR7sT2uVwY',
    output_index: 0,
    content_index: 0,
    delta,
  });
const simulatorFrame = (delta: string): string =>
  JSON.stringify({
    type: REALTIME,
    event_id: 'event_sim_17',
    response_id: 'resp_sim_3',
    item_id: 'item_sim_4',
    output_index: 1,
    content_index: 0,
    delta,
  });

/** The property every frame must satisfy: the fast path says nothing, or exactly what the full parse says. */
function expectSameAsFullParse(reader: AudioDeltaFrameReader, text: string): AudioDeltaRead | null {
  const read = reader.read(Buffer.from(text, 'utf8'));
  if (read === null) return null;
  const full = JSON.parse(text) as { delta: string };
  expect(read.event).toEqual(full);
  expect(Object.keys(read.event)).toEqual(Object.keys(full));
  if (read.kind === 'audio') {
    expect(read.pcm.equals(decodeAudioDelta(full.delta))).toBe(true);
  }
  return read;
}

describe('the audio delta fast path', () => {
  it.each([2, 960, 4800, 48_000, 3 * 1024])(
    'decodes a %i-byte delta in the service’s and the simulator’s frame shapes as the full parse does',
    (bytes) => {
      for (const frame of [serviceFrame, simulatorFrame]) {
        const read = expectSameAsFullParse(realtime, frame(pcm(bytes).toString('base64')));
        expect(read?.kind).toBe('audio');
      }
    },
  );

  it('reads every audio frame the simulator really sends as the full parse does', async () => {
    const sim = simulatorFixture();
    await sim.start();
    try {
      const client = await sim.connect();
      const frames: string[] = [];
      client.ws.on('message', (data) => {
        const text = String(data);
        if (text.includes(`"type":"${REALTIME}"`)) frames.push(text);
      });
      client.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
      });
      client.send({ type: 'response.create' });
      await client.next('response.done');
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames)
        expect(expectSameAsFullParse(realtime, frame)?.kind).toBe('audio');
    } finally {
      await sim.stop();
    }
  });

  it('accepts a configured event type (GPT-Live) and skips all-zero deltas only when asked', () => {
    const frame = (bytes: Buffer): string =>
      JSON.stringify({ type: LIVE, delta: bytes.toString('base64') });
    const live = new AudioDeltaFrameReader({ type: LIVE, skipSilence: true });
    expect(expectSameAsFullParse(live, frame(pcm(960)))?.kind).toBe('audio');
    expect(expectSameAsFullParse(live, frame(Buffer.alloc(960)))?.kind).toBe('silence');
    const keepSilence = new AudioDeltaFrameReader({ type: LIVE });
    expect(expectSameAsFullParse(keepSilence, frame(Buffer.alloc(960)))?.kind).toBe('audio');
    // A reader for one engine leaves the other's frames to the full parse.
    expect(realtime.read(Buffer.from(frame(pcm(960))))).toBeNull();
    expect(live.read(Buffer.from(serviceFrame(pcm(960).toString('base64'))))).toBeNull();
  });

  it.each([
    ['another type sharing the prefix', `{"type":"${REALTIME}_x","delta":"AAAA"}`],
    ['a transcript delta', `{"type":"response.output_audio_transcript.delta","delta":"hi there"}`],
    ['type not first', `{"delta":"AAAA","type":"${REALTIME}"}`],
    ['an odd byte count (the session warns)', serviceFrame(pcm(961).toString('base64'))],
    ['an empty delta', serviceFrame('')],
    ['an escaped character in the delta', `{"type":"${REALTIME}","delta":"AA\\u0041A"}`],
    ['a later delta key with spaces', `{"type":"${REALTIME}","delta":"AAAA","delta" : "BBBB"}`],
    ['a later escaped delta key', `{"type":"${REALTIME}","delta":"AAAA","\\u0064elta":"BBBB"}`],
    [
      'a delta before other members',
      `{"type":"${REALTIME}","delta":"AAAA","item_id":"a","delta":"BBBB"}`,
    ],
    ['a nested delta', `{"type":"${REALTIME}","x":{"delta":"AAAA"}}`],
    ['a nested value beside it', `{"type":"${REALTIME}","x":{"y":1},"delta":"AAAA"}`],
    ['a delta key inside a string', `{"type":"${REALTIME}","item_id":"a,"delta":"AAAA"}`],
    ['an escaped quote before it', `{"type":"${REALTIME}","x\\"delta":"AAAA","delta":""}`],
    ['junk in the base64', `{"type":"${REALTIME}","delta":"AA!A"}`],
    ['a quote inside the delta', `{"type":"${REALTIME}","delta":"AAA"AAAA"}`],
    ['a quote and more members inside', `{"type":"${REALTIME}","delta":"AA","z":"AAAAAA"}`],
    ['whitespace in the base64', `{"type":"${REALTIME}","delta":"AA A"}`],
    ['padding inside', `{"type":"${REALTIME}","delta":"A=AAAAAA"}`],
    ['non-ASCII in the base64', `{"type":"${REALTIME}","delta":"AAé="}`],
    ['a delta that is not a string', `{"type":"${REALTIME}","delta":1234}`],
    ['no closing quote', `{"type":"${REALTIME}","delta":"AAAA`],
    ['trailing garbage', `{"type":"${REALTIME}","delta":"AAAA"}x`],
  ])('leaves %s to the full parse', (_what, text) => {
    expect(realtime.read(Buffer.from(text, 'utf8'))).toBeNull();
  });

  it('property: any PCM, ids and field order decode exactly as the full parse does', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_]{0,30}$/);
    const field = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      id,
      id,
      fc.integer(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
    );
    let fast = 0;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom('event_id', 'response_id', 'item_id', 'output_index', 'content_index'),
            fc.string({ unit: 'binary', maxLength: 12 }),
          ),
          field,
          { maxKeys: 6 },
        ),
        fc.boolean(),
        (bytes, extra, deltaLast) => {
          delete extra.type;
          delete extra.delta;
          const delta = Buffer.from(bytes).toString('base64');
          const event = deltaLast
            ? { type: REALTIME, ...extra, delta }
            : { type: REALTIME, delta, ...extra };
          if (expectSameAsFullParse(realtime, JSON.stringify(event))) fast++;
        },
      ),
      { numRuns: 300 },
    );
    // The generator is not so wild that the fast path never runs.
    expect(fast).toBeGreaterThan(20);
  }, 30_000);

  it('property: a mutated frame falls back or still agrees with the full parse', () => {
    const base = serviceFrame(pcm(96).toString('base64'));
    fc.assert(
      fc.property(
        fc.nat({ max: base.length }),
        fc.nat({ max: 4 }),
        fc.string({ unit: 'binary', maxLength: 6 }),
        (at, cut, insert) => {
          const text = base.slice(0, at) + insert + base.slice(at + cut);
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          if (!valid) expect(realtime.read(Buffer.from(text, 'utf8'))).toBeNull();
          else expectSameAsFullParse(realtime, text);
        },
      ),
      { numRuns: 2000 },
    );
  }, 30_000);

  it('isAllZero looks at every byte, past its zero page too', () => {
    expect(isAllZero(new Uint8Array(0))).toBe(true);
    expect(isAllZero(new Uint8Array(200_000))).toBe(true);
    const late = new Uint8Array(200_000);
    late[199_999] = 1;
    expect(isAllZero(late)).toBe(false);
  });
});

describe('a session on a socket', () => {
  it('plays fast-path and fully parsed deltas alike, in order, and warns only about the odd one', async () => {
    const frames = [
      serviceFrame(pcm(960, 1).toString('base64')),
      // Fields in another order: the full parse reads it.
      JSON.stringify({
        delta: pcm(960, 2).toString('base64'),
        type: REALTIME,
        item_id: 'item_CXz9Qk3LmN0pR7sT2uVwY',
        response_id: 'resp_CXz9Qk3LmN0pR7sT2uVwX',
      }),
      serviceFrame(pcm(961, 3).toString('base64')),
    ];
    const server = await startTestServer({
      onSocket: (socket) => {
        socket.send(JSON.stringify({ type: 'session.created', session: { id: 'sess_1' } }));
        socket.on('message', (data) => {
          const event = JSON.parse(String(data)) as { type: string };
          if (event.type !== 'session.update') return;
          socket.send(JSON.stringify({ type: 'session.updated', session: {} }));
          for (const frame of frames) socket.send(frame);
        });
      },
    });
    const endpoint = resolveEndpoint({ kind: 'simulator', url: server.url });
    const session = new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS);
    const out: OutputAudio[] = [];
    const warnings: string[] = [];
    const seen: string[] = [];
    session.on('output-audio', (a) => out.push(a));
    session.on('warning', (w) => warnings.push(w));
    session.on('server-event', (e) => seen.push(e.type));
    try {
      expect(await session.start()).toBeNull();
      await expect.poll(() => out.length).toBe(3);
      expect(out.map((a) => a.itemId)).toEqual(Array(3).fill('item_CXz9Qk3LmN0pR7sT2uVwY'));
      expect(out[0]!.pcm.equals(pcm(960, 1))).toBe(true);
      expect(out[1]!.pcm.equals(pcm(960, 2))).toBe(true);
      expect(out[2]!.pcm.equals(pcm(960, 3))).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(seen.filter((t) => t === REALTIME)).toHaveLength(3);
    } finally {
      session.close();
      await server.close();
    }
  });
});
