import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBridgeFrame, type BridgeFrame } from '../../../src/main/web-preview/bridge-frame';
import {
  MAX_AUDIO_FRAME_BYTES,
  validateHotkeyKind,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateTalkSource,
  validateText,
} from '../../../src/shared/ipc';
import {
  BRIDGE_METHODS,
  MAX_BRIDGE_TEXT_BYTES,
  type BridgeMethod,
} from '../../../src/shared/web-bridge-protocol';

/** Any UTF-16 text, lone surrogates and control characters included (fast to generate). */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const parseText = (value: string): BridgeFrame => parseBridgeFrame(text(value), false);

describe('bridge frames, by example', () => {
  it('accepts well-formed calls with the IPC validators applied to their argument', () => {
    expect(parseText('{"id":1,"method":"getState"}')).toEqual({
      kind: 'call',
      id: 1,
      call: { method: 'getState', arg: undefined },
    });
    expect(parseText('{"method":"talkStart"}')).toMatchObject({
      id: null,
      call: { method: 'talkStart', arg: 'pointer' },
    });
    expect(parseText('{"id":0,"method":"saveSettings","arg":{"model":"  m  "}}')).toMatchObject({
      call: { method: 'saveSettings', arg: { model: 'm' } },
    });
    const pcm = new Uint8Array([1, 2, 3, 4]);
    expect(parseBridgeFrame(pcm, true)).toEqual({ kind: 'audio', pcm });
  });

  it('refuses each malformed frame with a reason, and the id when it could be read', () => {
    const cases: [string | Uint8Array, number | null, RegExp][] = [
      ['', null, /must be JSON/],
      ['{', null, /must be JSON/],
      [new Uint8Array([0x7b, 0xff, 0x7d]), null, /UTF-8/],
      ['null', null, /JSON object/],
      ['42', null, /JSON object/],
      ['"getState"', null, /JSON object/],
      ['[{"id":1,"method":"getState"}]', null, /JSON object/],
      ['{"id":-1,"method":"getState"}', null, /call id/],
      ['{"id":1.5,"method":"getState"}', null, /call id/],
      ['{"id":"1","method":"getState"}', null, /call id/],
      ['{"id":9007199254740992,"method":"getState"}', null, /call id/],
      ['{"id":1e400,"method":"getState"}', null, /call id/],
      ['{"id":7}', 7, /unknown method missing/],
      ['{"id":7,"method":"toString"}', 7, /unknown method "toString"/],
      ['{"id":7,"method":"__proto__"}', 7, /unknown method/],
      ['{"id":7,"method":"getState","__proto__":{}}', 7, /unknown call field "__proto__"/],
      ['{"id":7,"method":"getState","extra":1}', 7, /unknown call field "extra"/],
      ['{"id":7,"method":"connect","arg":null}', 7, /connect takes no argument/],
      ['{"id":7,"method":"sendText"}', 7, /text must be a string/],
      ['{"id":7,"method":"saveSettings","arg":[]}', 7, /must be an object/],
      ['{"id":7,"method":"reportPlayback","arg":{"itemId":"x"}}', 7, /playback report/],
      [`{"id":7,"method":"${'m'.repeat(10_000)}"}`, 7, /^unknown method "m{40}…"$/],
    ];
    for (const [frame, id, error] of cases) {
      const parsed = parseBridgeFrame(typeof frame === 'string' ? text(frame) : frame, false);
      expect(parsed, String(frame).slice(0, 60)).toMatchObject({ kind: 'invalid', id });
      expect((parsed as { error: string }).error).toMatch(error);
    }
  });

  it('refuses text over the size limit before reading it, and bad audio frames', () => {
    const huge = new Uint8Array(MAX_BRIDGE_TEXT_BYTES + 1).fill(0x20);
    expect(parseBridgeFrame(huge, false)).toMatchObject({ kind: 'invalid', error: /at most/ });
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array(3),
      new Uint8Array(MAX_AUDIO_FRAME_BYTES + 2),
    ]) {
      expect(parseBridgeFrame(bytes, true)).toMatchObject({ kind: 'invalid', id: null });
    }
  });

  it('keeps error messages short whatever the frame quoted', () => {
    const parsed = parseText(`{"id":1,"method":"getState","${'k'.repeat(100_000)}":1}`);
    expect((parsed as { error: string }).error.length).toBeLessThanOrEqual(300);
  });
});

// ---- Properties: ≥ 10,000 generated payloads, 0 crashes, 0 accepted-invalid ---------------

/** The reference: what the bridge must do with a text frame, written from the protocol's rules. */
const ARGUMENT_RULES: Record<BridgeMethod, ((arg: unknown) => unknown) | 'none'> = {
  getState: 'none',
  connect: 'none',
  disconnect: 'none',
  retry: 'none',
  talkCancel: 'none',
  talkEnd: 'none',
  talkStart: validateTalkSource,
  talkStop: validateTalkSource,
  recordHotkey: validateHotkeyKind,
  sendText: validateText,
  saveSettings: validateSettingsUpdate,
  reportPlayback: validatePlaybackReport,
};

type Expected =
  | { accept: true; id: number | null; method: string; arg: unknown }
  | { accept: false; id: number | null };

function expectedFor(bytes: Uint8Array): Expected {
  if (bytes.byteLength > MAX_BRIDGE_TEXT_BYTES) return { accept: false, id: null };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { accept: false, id: null };
  }
  if (Object.prototype.toString.call(value) !== '[object Object]')
    return { accept: false, id: null };
  const call = value as Record<string, unknown>;
  const keys = Object.keys(call);
  let id: number | null = null;
  if (keys.includes('id')) {
    const raw = call.id;
    if (
      typeof raw !== 'number' ||
      !Number.isInteger(raw) ||
      raw < 0 ||
      raw > Number.MAX_SAFE_INTEGER
    ) {
      return { accept: false, id: null };
    }
    id = raw;
  }
  if (keys.some((key) => key !== 'id' && key !== 'method' && key !== 'arg'))
    return { accept: false, id };
  const method = call.method;
  if (typeof method !== 'string' || !BRIDGE_METHODS.some((m) => m === method))
    return { accept: false, id };
  const rule = ARGUMENT_RULES[method as BridgeMethod];
  if (rule === 'none')
    return keys.includes('arg')
      ? { accept: false, id }
      : { accept: true, id, method, arg: undefined };
  try {
    return { accept: true, id, method, arg: rule(keys.includes('arg') ? call.arg : undefined) };
  } catch {
    return { accept: false, id };
  }
}

const callId = fc.oneof(
  fc.nat(),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 2 ** 53, -1, 1.5, -0, Infinity),
  fc.double(),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
);
const methodName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BRIDGE_METHODS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'sendAudioFrame',
      'onHealth',
      'GETSTATE',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.jsonValue() },
);
const playbackReport = fc.record(
  {
    itemId: fc.oneof(fc.string(), fc.string({ minLength: 190, maxLength: 220 })),
    playedMs: fc.oneof(fc.double(), fc.nat()),
    bufferedMs: fc.oneof(fc.double(), fc.nat()),
    underruns: fc.oneof(fc.integer(), fc.double()),
  },
  { requiredKeys: ['itemId', 'playedMs', 'bufferedMs', 'underruns'] },
);
const settingsUpdate = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'provider',
      'apiKey',
      'model',
      'voice',
      'customUrl',
      'azureResource',
      'micDeviceId',
      'holdHotkey',
      'toggleHotkey',
      'onboarded',
      'earcons',
      'voiceProcessing',
      'turnDetection',
    ),
    fc.string(),
  ),
  fc.oneof(
    fc.constantFrom(
      'openai',
      'simulator',
      'azure',
      'custom',
      'mars',
      'push-to-talk',
      'server_vad',
      'Ctrl+Alt+Space',
      'CommandOrControl+Alt+Shift+H',
      '+',
      true,
      false,
    ),
    fc.string({ maxLength: 50 }),
    fc.string({ minLength: 4090, maxLength: 4100 }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  { maxKeys: 4 },
);
const argument = fc.oneof(
  fc.constantFrom('pointer', 'space', 'hotkey', 'hold', 'toggle', null, 0, '', []),
  fc.string({ maxLength: 100 }),
  fc.string({ minLength: 4090, maxLength: 4100 }),
  playbackReport,
  settingsUpdate,
  fc.jsonValue({ maxDepth: 2 }),
);
const callLike = fc
  .record(
    {
      id: callId,
      method: methodName,
      arg: argument,
      extra: fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...call }) => {
    const frame: Record<string, unknown> = { ...call };
    if (extra)
      Object.defineProperty(frame, extra[0], {
        value: extra[1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return JSON.stringify(frame);
  });
/** Calls as the page sends them: every method with an argument its validator accepts. */
const optionalId = fc.option(fc.nat(), { nil: undefined });
const noArgumentCall = fc.record(
  {
    id: optionalId,
    method: fc.constantFrom(...BRIDGE_METHODS.filter((m) => ARGUMENT_RULES[m] === 'none')),
  },
  { requiredKeys: ['method'] },
);
const validArgument: { [M in BridgeMethod]?: fc.Arbitrary<unknown> } = {
  talkStart: fc.constantFrom('pointer', 'space'),
  talkStop: fc.constantFrom('pointer', 'space'),
  recordHotkey: fc.constantFrom('hold', 'toggle'),
  sendText: fc.string({ maxLength: 200 }),
  saveSettings: fc.record(
    {
      provider: fc.constantFrom('openai', 'azure', 'custom', 'simulator'),
      model: fc.string({ maxLength: 40 }),
      voice: fc.string({ maxLength: 20 }),
      onboarded: fc.boolean(),
      earcons: fc.boolean(),
      turnDetection: fc.constantFrom('push-to-talk', 'server_vad', 'semantic_vad'),
    },
    { requiredKeys: [] },
  ),
  reportPlayback: fc.record({
    itemId: fc.string({ maxLength: 40 }),
    playedMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    bufferedMs: fc.nat(),
    underruns: fc.nat(),
  }),
};
const argumentCall = fc
  .constantFrom(...(Object.keys(validArgument) as BridgeMethod[]))
  .chain((method) =>
    fc.record(
      { id: optionalId, method: fc.constant(method), arg: validArgument[method]! },
      { requiredKeys: ['method', 'arg'] },
    ),
  );
const wellFormedCall = fc.oneof(noArgumentCall, argumentCall);
/** A well-formed call with one thing broken: a field dropped, added or replaced. */
const brokenCall = fc
  .tuple(
    wellFormedCall,
    fc.constantFrom('id', 'method', 'arg', 'extra'),
    fc.option(fc.oneof(callId, argument, methodName), { nil: undefined }),
  )
  .map(([call, field, value]) => {
    const frame: Record<string, unknown> = { ...call };
    if (value === undefined) delete frame[field];
    else frame[field] = value;
    return frame;
  });
const json = (value: unknown): Uint8Array => text(JSON.stringify(value) ?? 'null');
const textFrame = fc.oneof(
  { weight: 4, arbitrary: wellFormedCall.map(json) },
  { weight: 4, arbitrary: brokenCall.map(json) },
  { weight: 3, arbitrary: callLike.map(text) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
  { weight: 1, arbitrary: anyText.map(text) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: wellFormedCall.chain((call) => {
      const whole = JSON.stringify(call);
      return fc.nat({ max: whole.length - 1 }).map((cut) => text(whole.slice(0, cut)));
    }),
  },
);

describe('bridge frames, by property', () => {
  it('parses 12,000 generated text frames exactly as the protocol says: no crash, nothing invalid accepted', () => {
    const tally = { runs: 0, accepted: 0, refused: 0, acceptedInvalid: 0, crashes: 0 };
    const acceptedMethods = new Set<string>();
    fc.assert(
      fc.property(textFrame, (bytes) => {
        tally.runs++;
        let parsed: BridgeFrame;
        try {
          parsed = parseBridgeFrame(bytes, false);
        } catch (error) {
          tally.crashes++;
          throw error;
        }
        const expected = expectedFor(bytes);
        if (parsed.kind === 'call') {
          tally.accepted++;
          acceptedMethods.add(parsed.call.method);
          if (!expected.accept) tally.acceptedInvalid++;
          const { id, call } = parsed;
          return isDeepStrictEqual(expected, { accept: true, id, ...call });
        }
        tally.refused++;
        return (
          parsed.kind === 'invalid' &&
          !expected.accept &&
          expected.id === parsed.id &&
          parsed.error.length > 0
        );
      }),
      { numRuns: 12_000 },
    );
    expect(tally).toMatchObject({ runs: 12_000, acceptedInvalid: 0, crashes: 0 });
    // The generator reaches every method's accepting path, not only refusals.
    expect(tally.accepted).toBeGreaterThan(1000);
    expect([...acceptedMethods].sort()).toEqual([...BRIDGE_METHODS].sort());
  }, 30_000); // plenty for ~1.5 s of work on a loaded 2-core machine

  it('sorts 3,000 generated binary frames into whole PCM16 audio or a refusal, never a crash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: MAX_AUDIO_FRAME_BYTES + 100 }), (bytes) => {
        const parsed = parseBridgeFrame(bytes, true);
        const valid =
          bytes.byteLength > 0 &&
          bytes.byteLength % 2 === 0 &&
          bytes.byteLength <= MAX_AUDIO_FRAME_BYTES;
        expect(parsed.kind).toBe(valid ? 'audio' : 'invalid');
      }),
      { numRuns: 3_000 },
    );
  }, 30_000);
});
