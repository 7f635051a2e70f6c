/**
 * Encode and decode of one 20 ms frame, Hark against the peers' own published code, in the
 * same run: wavtools 0.1.5, openai-realtime-api 1.0.8 (the console's RealtimeUtils; see
 * docs/benchmarks.md) and @openai/agents-realtime's utils. Then what main does with one
 * output delta up to the IPC boundary, and how many bytes cross it.
 */
import { Serializer } from 'node:v8';
import { utils as agentsUtils } from '@openai/agents-realtime';
import {
  arrayBufferToBase64 as betaArrayBufferToBase64,
  base64ToArrayBuffer as betaBase64ToArrayBuffer,
  floatTo16BitPCM as betaFloatTo16BitPCM,
} from 'openai-realtime-api';
import { WavPacker } from 'wavtools';
import { floatToPcm16, pcm16ToBytes } from '../src/shared/audio/dsp';
import { FRAME_SAMPLES } from '../src/shared/audio/format';
import { PlaybackRing } from '../src/renderer/src/audio/playback-ring';
import { resolveEndpoint } from '../src/main/engine/providers';
import { RealtimeSession } from '../src/main/realtime/session';
import { DEFAULT_SESSION_SETTINGS } from '../src/main/realtime/session-config';
import { OutputAudioFramer } from '../src/shared/output-audio-framing';
import { AudioDeltaFrameReader } from '../src/main/engine/audio-delta-frame';
import { pipeReplyAudio } from '../src/main/audio/reply-audio-pipe';
import { PortScratch } from '../src/main/audio/port-scratch';
import { Emitter } from '../src/shared/emitter';
import type { OutputAudioMessage } from '../src/shared/ipc';
import { compare, keep, microsPerCall, type TimingOptions } from './support/measure';
import { figure, type Figure } from './support/report';
import { wavtoolsStreamProcessor } from './support/wavtools-worklet';

/** An item id as long as the service's (`item_` + 21 characters). */
const ITEM_ID = 'item_CXz9Qk3LmN0pR7sT2uVwY';
const QUANTUM = 128;

/** V8's ValueSerializer, as Electron's IPC uses it: a typed array carries its whole ArrayBuffer. */
export function ipcSerialize(value: unknown): Buffer {
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return serializer.releaseBuffer();
}

/** Speech-like test signal: a few partials and a little noise, within [-1, 1]. */
function speechFrame(samples: number, seed = 1): Float32Array {
  let state = seed;
  const noise = (): number =>
    ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.05;
  return Float32Array.from(
    { length: samples },
    (_, i) => 0.4 * Math.sin(i / 7) + 0.2 * Math.sin(i / 2.3) + 0.1 * Math.sin(i / 0.9) + noise(),
  );
}

/** A session that is never opened, fed events as its connection would feed them. */
function offlineSession(): RealtimeSession {
  const endpoint = resolveEndpoint({ kind: 'simulator', url: 'ws://127.0.0.1:9/v1/realtime' });
  return new RealtimeSession(endpoint, DEFAULT_SESSION_SETTINGS);
}

function deltaEvent(base64: string): Record<string, unknown> {
  return {
    type: 'response.output_audio.delta',
    event_id: 'event_CXz9Qk3LmN0pR7sT2uVwZ',
    response_id: 'resp_CXz9Qk3LmN0pR7sT2uVwX',
    item_id: ITEM_ID,
    output_index: 0,
    content_index: 0,
    delta: base64,
  };
}

export function codecFigures(quick: boolean): Figure[] {
  const timing: TimingOptions = quick
    ? { iterations: 2000, batches: 5 }
    : { iterations: 2000, batches: 25 };
  const frame = speechFrame(FRAME_SAMPLES);
  const pcm = floatToPcm16(frame);
  const pcmBytes = pcm16ToBytes(pcm);
  const delta20 = Buffer.from(pcmBytes).toString('base64');
  const pcm100 = floatToPcm16(speechFrame(FRAME_SAMPLES * 5, 7));
  const delta100 = Buffer.from(pcm16ToBytes(pcm100)).toString('base64');

  // Sanity: the peers encode the same samples (they truncate where Hark rounds: ≤ 1 LSB apart).
  const differs = (bytes: ArrayBuffer): boolean =>
    new Int16Array(bytes).some((v, i) => Math.abs(v - pcm[i]!) > 1);
  if (differs(betaBase64ToArrayBuffer(betaArrayBufferToBase64(frame))))
    throw new Error('openai-realtime-api encodes this frame to other samples than Hark');
  if (differs(WavPacker.floatTo16BitPCM(frame)))
    throw new Error('wavtools encodes this frame to other samples than Hark');

  const session = offlineSession();
  let decoded: Buffer | null = null;
  session.on('output-audio', (a) => (decoded = a.pcm));
  const event20 = deltaEvent(delta20);
  const harkDecode = (event: Record<string, unknown>): Buffer => {
    session.connection.emit('event', event as never);
    return decoded!;
  };
  if (!harkDecode(event20).equals(Buffer.from(pcmBytes))) throw new Error('Hark decodes wrongly');

  // ── encode: Float32 frame → base64 PCM16 (what an append carries) ──
  // Hark: the capture worklet's floatToPcm16 (fresh array: it is transferred), then main's
  // RealtimeSession.appendAudio (base64; the session is offline, so nothing is sent).
  const harkEncode = (): unknown => session.appendAudio(pcm16ToBytes(floatToPcm16(frame)));
  const vsBeta = compare(harkEncode, () => betaArrayBufferToBase64(frame), timing);
  const vsWavtools = compare(
    () => floatToPcm16(frame),
    () => WavPacker.floatTo16BitPCM(frame),
    timing,
  );
  // agents-realtime takes PCM16 from the app and has only the base64 step.
  const vsAgents = compare(
    () => session.appendAudio(pcmBytes),
    () => agentsUtils.arrayBufferToBase64(pcm.buffer as ArrayBuffer),
    timing,
  );
  keep(betaFloatTo16BitPCM);

  // ── decode: base64 delta → PCM16 in main (beta, agents); PCM16 → samples out (wavtools) ──
  const decBeta = compare(
    () => harkDecode(event20),
    () => new Int16Array(betaBase64ToArrayBuffer(delta20)),
    timing,
  );
  const decAgents = compare(
    () => harkDecode(event20),
    () => agentsUtils.base64ToArrayBuffer(delta20),
    timing,
  );
  // The playback worklets (their code run under Node): one 20 ms message in, its samples
  // rendered out in 128-sample quanta. Each main thread copies the PCM once before posting
  // (Hark: slice then transfer; wavtools: structured clone), so that copy is left out of both.
  const ring = new PlaybackRing({ sampleRate: 24_000 });
  const harkOut = [new Float32Array(QUANTUM)];
  let harkPending = 0;
  const wavtools = wavtoolsStreamProcessor();
  const wavOut = [[new Float32Array(QUANTUM)]];
  let wavPending = 0;
  const int16 = new Int16Array(pcm);
  const decWavtools = compare(
    () => {
      // As the worklet's push handler: the buffer arrives transferred (no copy in the worklet).
      ring.pushPcm16(ITEM_ID, new Int16Array(int16.buffer));
      for (harkPending += FRAME_SAMPLES; harkPending >= QUANTUM; harkPending -= QUANTUM)
        ring.render(harkOut);
    },
    () => {
      // wavtools posts its Int16Array without transferring it: the worklet gets a copy.
      wavtools.port.onmessage!({
        data: { event: 'write', buffer: int16.slice(), trackId: ITEM_ID },
      });
      for (wavPending += FRAME_SAMPLES; wavPending >= QUANTUM; wavPending -= QUANTUM)
        wavtools.process([], wavOut, {});
    },
    timing,
  );

  // ── main side of one delta, up to and including IPC serialization ──
  // Timed with structuredClone (V8's serializer and deserializer, natively: both halves of
  // an IPC hop); bytes counted with the V8 Serializer. Both stand in for Electron's IPC.
  const text20 = JSON.stringify(event20);
  // What main's IPC adapter sends for a delta of an item the window already knows: the
  // bare PCM (the id went once, at the item's first delta; see output-audio-framing.ts).
  const framer = new OutputAudioFramer<object>();
  const window = {};
  framer.frames(window, { itemId: ITEM_ID, pcm: new Uint8Array(2) });
  const harkMessage = (text: string): unknown[] => {
    const pcmOut = harkDecode(JSON.parse(text) as Record<string, unknown>);
    // As the controller hands it to IPC: a view of the delta's own buffer.
    const pcm = new Uint8Array(pcmOut.buffer, pcmOut.byteOffset, pcmOut.byteLength);
    return framer
      .frames(window, { itemId: ITEM_ID, pcm })
      .map((frame) => (frame.kind === 'audio' ? frame.pcm : frame.itemId));
  };
  /** Before issue 20: the whole frame through JSON.parse, then IPC's clone of what the framer sends. */
  const harkMainOld = (text: string): unknown => harkMessage(text).map((p) => structuredClone(p));

  // Now: the fast path reads the delta out of the frame's bytes (as ws hands them over) and
  // the session's handler emits it; the controller's event goes through the port pipe, whose
  // message is the bare PCM (the item id once per item), copied into the port's reusable
  // buffer of that size (port-scratch.ts). Timed with structuredClone of it, as Electron's
  // MessagePortMain serializes it (the web preview's socket only writes it).
  const reader = new AudioDeltaFrameReader({ type: 'response.output_audio.delta' });
  const portSession = offlineSession();
  const controllerEvents = new Emitter<{
    'output-audio': OutputAudioMessage;
    'output-done': undefined;
    'output-stop': undefined;
  }>();
  portSession.on('output-audio', (a) =>
    controllerEvents.emit('output-audio', {
      itemId: a.itemId,
      pcm: new Uint8Array(a.pcm.buffer, a.pcm.byteOffset, a.pcm.byteLength),
    }),
  );
  let portMessage: unknown = null;
  const scratch = new PortScratch();
  pipeReplyAudio(
    {
      on: controllerEvents.on.bind(controllerEvents),
      pushAudioFrame: () => undefined,
      reportPlayback: () => undefined,
    },
    {
      audio: (pcmOut) => (portMessage = structuredClone(scratch.copy(pcmOut))),
      command: (command) => (portMessage = structuredClone(command)),
    },
  );
  const harkMain = (frame: Buffer): unknown => {
    const read = reader.read(frame);
    if (read?.kind !== 'audio') throw new Error('bench: the fast path refused the frame');
    portSession.connection.emit('audio-delta', { event: read.event, pcm: read.pcm });
    return portMessage;
  };
  const frame20 = Buffer.from(text20, 'utf8');
  harkMain(frame20); // the item id goes once, at the item's first delta
  const sent = harkMain(frame20) as ArrayBuffer;
  if (!Buffer.from(sent).equals(Buffer.from(pcmBytes)))
    throw new Error('bench: the fast path decodes wrongly');

  // Every path starts where a Node client gets the frame: ws hands over its bytes, and its
  // WebSocket API turns a text frame into a string for `onmessage`, as the peers use it.
  const agentsMain = (): unknown => {
    const e = JSON.parse(frame20.toString()) as { delta: string };
    return structuredClone({ itemId: ITEM_ID, pcm: agentsUtils.base64ToArrayBuffer(e.delta) });
  };
  const betaMain = (): unknown => {
    const e = JSON.parse(frame20.toString()) as { delta: string };
    return structuredClone({
      itemId: ITEM_ID,
      pcm: new Int16Array(betaBase64ToArrayBuffer(e.delta)),
    });
  };
  const ipcBytes = (payloads: unknown[]): number =>
    payloads.reduce<number>((n, p) => n + ipcSerialize(p).byteLength, 0);
  const mainAgents = compare(() => harkMain(frame20), agentsMain, timing);
  const mainBeta = compare(() => harkMain(frame20), betaMain, timing);
  // The old path beside the new, against the same peers in the same run.
  const oldAgents = compare(() => harkMainOld(frame20.toString()), agentsMain, timing);
  const oldBeta = compare(() => harkMainOld(frame20.toString()), betaMain, timing);
  const fastReadUs = microsPerCall(() => reader.read(frame20), timing);
  // The same path with Buffer.from(base64), as main decoded before: small results are pool views.
  const pooled = compare(
    () => harkMainOld(text20),
    () => {
      const e = JSON.parse(text20) as { delta: string };
      const b = Buffer.from(e.delta, 'base64');
      return structuredClone({
        itemId: ITEM_ID,
        pcm: new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      });
    },
    timing,
  );

  // Its parts that every client shares: parsing the frame, and the IPC clone of the message.
  const parseUs = microsPerCall(() => JSON.parse(text20), timing);
  const message20 = harkMessage(text20);
  const cloneUs = microsPerCall(() => message20.map((p) => structuredClone(p)), timing);
  const ipcBytes20 = ipcBytes(harkMessage(text20));
  const ipcBytes100 = ipcBytes(harkMessage(JSON.stringify(deltaEvent(delta100))));
  const pooledBuffer = Buffer.from(delta20, 'base64');
  const pooledBytes = ipcSerialize({
    itemId: ITEM_ID,
    pcm: new Uint8Array(pooledBuffer.buffer, pooledBuffer.byteOffset, pooledBuffer.byteLength),
  }).byteLength;

  const ratio = { target: 0.5 };
  return [
    figure(
      'encode_ratio_vs_beta',
      'encode 20 ms, Hark ÷ console RealtimeUtils',
      vsBeta.ratio,
      '×',
      ratio,
    ),
    figure(
      'encode_ratio_vs_wavtools',
      'float→PCM16 20 ms, Hark ÷ wavtools',
      vsWavtools.ratio,
      '×',
      ratio,
    ),
    figure(
      'encode_ratio_vs_agents',
      'PCM16→base64 20 ms, Hark ÷ agents-realtime',
      vsAgents.ratio,
      '×',
      ratio,
    ),
    figure(
      'decode_ratio_vs_beta',
      'decode delta 20 ms, Hark ÷ console RealtimeUtils',
      decBeta.ratio,
      '×',
      ratio,
    ),
    figure(
      'decode_ratio_vs_agents',
      'decode delta 20 ms, Hark ÷ agents-realtime',
      decAgents.ratio,
      '×',
      ratio,
    ),
    figure(
      'decode_ratio_vs_wavtools',
      'playback worklet 20 ms, Hark ÷ wavtools',
      decWavtools.ratio,
      '×',
      ratio,
    ),
    figure('encode_us', 'encode 20 ms (worklet + main), Hark', vsBeta.harkUs, 'µs'),
    figure('encode_beta_us', 'encode 20 ms, console RealtimeUtils', vsBeta.peerUs, 'µs'),
    figure('decode_us', 'decode delta 20 ms (main), Hark', decBeta.harkUs, 'µs'),
    figure('decode_beta_us', 'decode delta 20 ms, console RealtimeUtils', decBeta.peerUs, 'µs'),
    figure('decode_agents_us', 'decode delta 20 ms, agents-realtime', decAgents.peerUs, 'µs'),
    figure('playback_worklet_us', 'playback worklet 20 ms, Hark', decWavtools.harkUs, 'µs'),
    figure(
      'playback_worklet_wavtools_us',
      'playback worklet 20 ms, wavtools',
      decWavtools.peerUs,
      'µs',
    ),
    figure(
      'main_delta_us',
      'main: 20 ms delta fast path+decode+port serialize',
      mainAgents.harkUs,
      'µs',
    ),
    figure(
      'main_delta_old_us',
      'main: 20 ms delta JSON.parse+decode+IPC serialize (before)',
      oldAgents.harkUs,
      'µs',
    ),
    figure(
      'main_delta_old_ratio_vs_agents',
      'old main delta path, Hark ÷ agents-realtime',
      oldAgents.ratio,
      '×',
    ),
    figure(
      'main_delta_old_ratio_vs_beta',
      'old main delta path, Hark ÷ console RealtimeUtils',
      oldBeta.ratio,
      '×',
    ),
    figure('main_delta_fast_read_us', '… of which the fast path read+decode', fastReadUs, 'µs'),
    figure(
      'main_delta_ratio_vs_agents',
      'main delta path, Hark ÷ agents-realtime',
      mainAgents.ratio,
      '×',
      ratio,
    ),
    figure(
      'main_delta_ratio_vs_beta',
      'main delta path, Hark ÷ console RealtimeUtils',
      mainBeta.ratio,
      '×',
      ratio,
    ),
    figure('main_delta_parse_us', 'old path: of which JSON.parse of the frame', parseUs, 'µs'),
    figure(
      'main_delta_clone_us',
      'old path: of which the IPC clone of {itemId, pcm}',
      cloneUs,
      'µs',
    ),
    figure(
      'main_delta_pooled_us',
      'main delta path with Buffer.from (pool view)',
      pooled.peerUs,
      'µs',
    ),
    figure(
      'ipc_bytes_per_audio_byte',
      'IPC bytes ÷ audio bytes, 20 ms delta',
      ipcBytes20 / pcmBytes.byteLength,
      '×',
      { target: 1.05 },
    ),
    figure(
      'ipc_bytes_per_audio_byte_100ms',
      'IPC bytes ÷ audio bytes, 100 ms delta',
      ipcBytes100 / pcm100.byteLength,
      '×',
      { target: 1.05 },
    ),
    figure(
      'ipc_bytes_per_audio_byte_pooled',
      'IPC bytes ÷ audio bytes, 20 ms pool view',
      pooledBytes / pcmBytes.byteLength,
      '×',
    ),
  ];
}
