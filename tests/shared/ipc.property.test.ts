/**
 * Property tests of every IPC / bridge validator: ≥ 10,000 generated payloads each, half
 * arbitrary values, half near-valid payloads with one field broken. Each result is judged by
 * an oracle written from the contract (not from the schema): a validator may refuse only
 * with an IpcValidationError (a crash is anything else), and may accept only what the
 * oracle calls valid.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  IpcValidationError,
  MAX_AUDIO_FRAME_BYTES,
  validateAudioFrame,
  validateHotkeyKind,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateTalkSource,
  validateText,
} from '../../src/shared/ipc';
import { KEY_CODES } from '../../src/shared/chord';

const RUNS = 10_000;
const tally: Record<
  string,
  {
    payloads: number;
    accepted: number;
    crashes: number;
    acceptedInvalid: number;
    refusedValid: number;
  }
> = {};

/** Feed one payload to a validator and judge it. */
function judge(
  name: string,
  validate: (v: unknown) => unknown,
  isValid: (v: unknown) => boolean,
  value: unknown,
): void {
  const t = (tally[name] ??= {
    payloads: 0,
    accepted: 0,
    crashes: 0,
    acceptedInvalid: 0,
    refusedValid: 0,
  });
  t.payloads++;
  let accepted = false;
  try {
    validate(value);
    accepted = true;
  } catch (error) {
    if (!(error instanceof IpcValidationError)) {
      t.crashes++;
      throw error;
    }
    if ((error as Error).message.length > 300)
      throw new Error('error text not bounded', { cause: error });
  }
  const valid = isValid(value);
  if (accepted) t.accepted++;
  if (accepted && !valid) {
    t.acceptedInvalid++;
    throw new Error(`${name} accepted an invalid payload: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  if (!accepted && valid) {
    t.refusedValid++;
    throw new Error(`${name} refused a valid payload: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
}

// Hostile values beyond fc.anything(): typed arrays, huge strings, odd numbers, prototypes.
const hostile = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withTypedArray: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
  }),
  fc.constantFrom(
    null,
    undefined,
    NaN,
    Infinity,
    -Infinity,
    -0,
    1e308,
    Number.MAX_VALUE,
    '',
    [],
    {},
    '__proto__',
  ),
  fc.string({ maxLength: 5000 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constant('x'.repeat(70_000)),
);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !ArrayBuffer.isView(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));
const finiteIn = (v: unknown, max: number): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

// ── oracles, from the contract ────────────────────────────────────────────────
const validFrame = (v: unknown) =>
  v instanceof Uint8Array &&
  v.byteLength > 0 &&
  v.byteLength % 2 === 0 &&
  v.byteLength <= MAX_AUDIO_FRAME_BYTES;
const validText = (v: unknown) => typeof v === 'string' && v.length <= 4096;
const validPlayback = (v: unknown) => {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  return (
    keys === 'bufferedMs,itemId,playedMs,underruns' &&
    typeof v.itemId === 'string' &&
    v.itemId.length <= 256 &&
    finiteIn(v.playedMs, 24 * 3600_000) &&
    finiteIn(v.bufferedMs, 600_000) &&
    finiteIn(v.underruns, 1e9) &&
    Number.isInteger(v.underruns)
  );
};

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
function validWsUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    url.protocol === 'wss:' ||
    (url.protocol === 'ws:' && (LOOPBACK.test(url.hostname) || url.hostname.endsWith('.localhost')))
  );
}
function validAzure(text: string): boolean {
  if (/^[a-z0-9][a-z0-9-]{0,62}$/i.test(text)) return true;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true;
  return (
    (url.protocol === 'http:' || url.protocol === 'ws:') &&
    (LOOPBACK.test(url.hostname) || url.hostname.endsWith('.localhost'))
  );
}
const CHORD_MODIFIERS = new Set([
  'ctrl',
  'control',
  'alt',
  'option',
  'shift',
  'meta',
  'cmd',
  'command',
  'super',
  'win',
]);
const CHORD_KEYS = new Set(Object.keys(KEY_CODES).map((k) => k.toLowerCase()));
function validChord(text: string): boolean {
  const parts = text
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const keys = parts.filter((p) => !CHORD_MODIFIERS.has(p.toLowerCase()));
  return keys.length === 1 && CHORD_KEYS.has(keys[0]!.toLowerCase());
}
const ACCEL_MODIFIERS = [
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
];
const ACCEL_NAMED = new Set([
  ...CHORD_KEYS,
  ...'plus space tab capslock numlock scrolllock backspace delete insert return enter up down left right home end pageup pagedown escape esc volumeup volumedown volumemute medianexttrack mediaprevioustrack mediastop mediaplaypause printscreen numdec numadd numsub nummult numdiv num0 num1 num2 num3 num4 num5 num6 num7 num8 num9'.split(
    ' ',
  ),
]);
function validAccelerator(text: string): boolean {
  if (text.length < 1 || text.length > 64) return false;
  const parts = text.endsWith('++') ? [...text.slice(0, -2).split('+'), 'plus'] : text.split('+');
  const trimmed = parts.map((p) => p.trim());
  if (trimmed.some((p) => p === '')) return false;
  const last = trimmed[trimmed.length - 1]!;
  const mods = trimmed.slice(0, -1).map((m) => m.toLowerCase());
  if (
    !mods.every((m) => ACCEL_MODIFIERS.includes(m)) ||
    new Set(mods.map((m) => m)).size !== mods.length
  )
    return false;
  const isKey =
    ACCEL_NAMED.has(last.toLowerCase()) ||
    (last.length === 1 && /[)!@#$%^&*(:;<_>?~{|}"=,\-./`[\\\]']/.test(last));
  if (!isKey) return false;
  if (mods.length === 0) return /^f(1[3-9]|2[0-4])$|^media|^volume/i.test(last);
  return true;
}
const printableKey = (s: string) =>
  /^[\x21-\x7e]*$/.test(s.trim()) && !(s.length > 0 && s.trim() === '');

const FIELD_ORACLES: Record<string, (v: unknown) => boolean> = {
  provider: (v) => ['openai', 'azure', 'custom', 'simulator'].includes(v as string),
  apiKey: (v) => typeof v === 'string' && v.length <= 512 && printableKey(v),
  model: (v) => typeof v === 'string' && v.length <= 128 && /^[A-Za-z0-9._:-]*$/.test(v.trim()),
  voice: (v) => typeof v === 'string' && v.length <= 64 && /^[A-Za-z0-9_-]+$/.test(v.trim()),
  azureResource: (v) =>
    typeof v === 'string' && v.length <= 256 && (v.trim() === '' || validAzure(v.trim())),
  customUrl: (v) =>
    typeof v === 'string' && v.length <= 2048 && (v.trim() === '' || validWsUrl(v.trim())),
  micDeviceId: (v) => typeof v === 'string' && v.length <= 256 && !/[\p{Cc}\p{Cf}]/u.test(v),
  holdHotkey: (v) => typeof v === 'string' && v.length <= 64 && validChord(v),
  toggleHotkey: (v) => typeof v === 'string' && validAccelerator(v),
  onboarded: (v) => typeof v === 'boolean',
  voiceProcessing: (v) => typeof v === 'boolean',
  earcons: (v) => typeof v === 'boolean',
  turnDetection: (v) => ['push-to-talk', 'server_vad', 'semantic_vad'].includes(v as string),
};
const validSettingsUpdate = (v: unknown) =>
  isPlainObject(v) &&
  Object.entries(v).every(
    ([k, val]) => Object.hasOwn(FIELD_ORACLES, k) && (val === undefined || FIELD_ORACLES[k]!(val)),
  );

// ── generators of near-valid payloads ─────────────────────────────────────────
const fieldValue: Record<string, fc.Arbitrary<unknown>> = {
  provider: fc.constantFrom('openai', 'azure', 'custom', 'simulator', 'mars', 'OpenAI', ''),
  apiKey: fc.oneof(
    fc.constantFrom('sk-abc123', '  sk-padded  ', '', '   ', 'sk-a b', 'sk-\u0000x', 'ключ'),
    fc.string({ maxLength: 600 }),
  ),
  model: fc.oneof(
    fc.constantFrom('gpt-realtime', ' gpt-realtime-mini ', 'a b', 'x'.repeat(129)),
    fc.string({ maxLength: 140 }),
  ),
  voice: fc.oneof(fc.constantFrom('marin', 'cedar', '', 'm a'), fc.string({ maxLength: 70 })),
  azureResource: fc.oneof(
    fc.constantFrom(
      'my-res',
      'https://r.openai.azure.com',
      'http://evil.example',
      'http://127.0.0.1:9',
      'javascript:alert(1)',
      '-bad',
      '',
    ),
    fc.webUrl({ validSchemes: ['http', 'https', 'ws', 'wss', 'javascript', 'file'] }),
    fc.string({ maxLength: 300 }),
  ),
  customUrl: fc.oneof(
    fc.constantFrom(
      'wss://h.example/v1',
      'ws://127.0.0.1:1/x',
      'ws://localhost/x',
      'ws://[::1]:2/',
      'ws://evil.example/',
      'javascript:alert(1)',
      'http://h/',
      'ws://127.0.0.1.evil.com/',
      '',
    ),
    fc.webUrl({
      validSchemes: ['ws', 'wss', 'http', 'https', 'javascript', 'data'],
      withQueryParameters: true,
      withFragments: true,
    }),
    fc.string({ maxLength: 3000 }),
  ),
  micDeviceId: fc.oneof(
    fc.constantFrom('', 'default', 'a'.repeat(64), 'x\u0007y', 'x\u200ey'),
    fc.string({ maxLength: 300 }),
  ),
  holdHotkey: fc.oneof(
    fc.constantFrom(
      'Ctrl+Alt+Space',
      'ctrl+alt+space',
      'Space',
      'Ctrl+Alt',
      '+',
      'Ctrl+A+B',
      'F13',
      'x'.repeat(65),
    ),
    fc
      .array(fc.constantFrom('Ctrl', 'Alt', 'Shift', 'Meta', 'A', 'Space', 'F5', 'Nope', ''), {
        maxLength: 5,
      })
      .map((a) => a.join('+')),
  ),
  toggleHotkey: fc.oneof(
    fc.constantFrom(
      'CommandOrControl+Alt+Shift+H',
      '+',
      'H',
      'Ctrl++',
      'F13',
      'Ctrl+Shift',
      'Ctrl+A+B',
      'MediaPlayPause',
      'Ctrl+ðŸ',
    ),
    fc
      .array(
        fc.constantFrom(
          'Ctrl',
          'Alt',
          'Shift',
          'CmdOrCtrl',
          'AltGr',
          'H',
          'Space',
          'Plus',
          'F5',
          'F20',
          '~',
          '',
          'Nope',
          ' Alt ',
        ),
        { maxLength: 5 },
      )
      .map((a) => a.join('+')),
    fc.string({ maxLength: 70 }),
  ),
  onboarded: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, 0, null)),
  voiceProcessing: fc.oneof(fc.boolean(), fc.constantFrom('false', null)),
  earcons: fc.oneof(fc.boolean(), fc.constant(1)),
  turnDetection: fc.constantFrom('push-to-talk', 'server_vad', 'semantic_vad', 'vad', ''),
};
const validFieldValue: Record<string, fc.Arbitrary<unknown>> = {
  provider: fc.constantFrom('openai', 'azure', 'custom', 'simulator'),
  apiKey: fc.oneof(fc.constant(''), fc.stringMatching(/^\s{0,2}sk-[A-Za-z0-9_-]{4,60}\s{0,2}$/)),
  model: fc.stringMatching(/^[A-Za-z0-9._:-]{0,40}$/),
  voice: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
  azureResource: fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/)),
  customUrl: fc.oneof(
    fc.constant(''),
    fc.webUrl({ validSchemes: ['wss'], withQueryParameters: true }),
  ),
  micDeviceId: fc.stringMatching(/^[a-f0-9]{0,64}$/),
  holdHotkey: fc.constantFrom('Ctrl+Alt+Space', 'Shift+F5', 'Meta+A', 'ctrl+`'),
  toggleHotkey: fc.constantFrom('CommandOrControl+Alt+Shift+H', 'Alt+Space', 'F20', 'Ctrl++'),
  onboarded: fc.boolean(),
  voiceProcessing: fc.boolean(),
  earcons: fc.boolean(),
  turnDetection: fc.constantFrom('push-to-talk', 'server_vad', 'semantic_vad'),
};
const settingsUpdate = fc.oneof(
  { weight: 3, arbitrary: fc.record(validFieldValue, { requiredKeys: [] }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.record(validFieldValue, { requiredKeys: [] }),
        fc.record(fieldValue, { requiredKeys: [] }),
      )
      .chain(([base, broken]) =>
        fc.subarray(Object.keys(broken), { maxLength: 1 }).map((keys) => ({
          ...base,
          ...Object.fromEntries(keys.map((k) => [k, broken[k]])),
        })),
      ),
  },
  { weight: 3, arbitrary: fc.record(fieldValue, { requiredKeys: [] }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.record(fieldValue, { requiredKeys: [] }),
        fc.string({ minLength: 1, maxLength: 40 }),
        hostile,
      )
      .map(([o, k, v]) => ({ ...o, [k]: v })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.record(fieldValue, { requiredKeys: [] }),
        fc.constantFrom(...Object.keys(fieldValue)),
        hostile,
      )
      .map(([o, k, v]) => ({ ...o, [k]: v })),
  },
  { weight: 1, arbitrary: hostile },
);

const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, NaN, Infinity, 0.5, 600_000, 600_001, 86_400_000, 1e9),
);
const playback = fc.oneof(
  fc.record({
    itemId: fc.oneof(fc.string({ maxLength: 300 }), hostile),
    playedMs: number,
    bufferedMs: number,
    underruns: number,
  }),
  fc.record({
    itemId: fc.string({ maxLength: 10 }),
    playedMs: fc.nat(1e6),
    bufferedMs: fc.nat(1e6),
    underruns: fc.nat(10),
  }),
  fc
    .tuple(
      fc.record({
        itemId: fc.string(),
        playedMs: fc.nat(),
        bufferedMs: fc.nat(),
        underruns: fc.nat(),
      }),
      fc.string({ minLength: 1 }),
      hostile,
    )
    .map(([o, k, v]) => ({ ...o, [k]: v })),
  hostile,
);
const frame = fc.oneof(
  fc.nat(MAX_AUDIO_FRAME_BYTES + 4).map((n) => new Uint8Array(n)),
  fc.nat(2000).map((n) => new Int16Array(n)),
  fc.nat(4000).map((n) => Buffer.alloc(n)),
  fc.uint8Array({ maxLength: 100 }),
  hostile,
);

const property = (
  name: string,
  arbitrary: fc.Arbitrary<unknown>,
  validate: (v: unknown) => unknown,
  isValid: (v: unknown) => boolean,
) =>
  fc.assert(
    fc.property(arbitrary, (value) => judge(name, validate, isValid, value)),
    { numRuns: RUNS, seed: 0x4841524b },
  );

describe('IPC validators under 10,000 generated payloads each', { timeout: 60_000 }, () => {
  it('validateSettingsUpdate', () =>
    property('settings update', settingsUpdate, validateSettingsUpdate, validSettingsUpdate));
  it('validatePlaybackReport', () =>
    property('playback report', playback, validatePlaybackReport, validPlayback));
  it('validateAudioFrame', () => property('audio frame', frame, validateAudioFrame, validFrame));
  it('validateText', () =>
    property('text', fc.oneof(fc.string({ maxLength: 5000 }), hostile), validateText, validText));
  it('validateTalkSource', () =>
    property(
      'talk source',
      fc.oneof(fc.constantFrom('pointer', 'space', undefined, 'hotkey'), hostile),
      validateTalkSource,
      (v) => v === undefined || v === 'pointer' || v === 'space',
    ));
  it('validateHotkeyKind', () =>
    property(
      'hotkey kind',
      fc.oneof(fc.constantFrom('hold', 'toggle', undefined, 'both'), hostile),
      validateHotkeyKind,
      (v) => v === undefined || v === 'hold' || v === 'toggle',
    ));

  afterAll(() => {
    console.log(`IPC validator fuzz: ${JSON.stringify(tally)}`);
    for (const t of Object.values(tally)) {
      expect(t.payloads).toBeGreaterThanOrEqual(RUNS);
      expect(t).toMatchObject({ crashes: 0, acceptedInvalid: 0, refusedValid: 0 });
    }
  });
});
