/**
 * Property tests of the assistant's IPC / bridge handlers (assistant-handlers.ts, the one
 * implementation behind Electron IPC and the web preview): ≥ 10,000 generated payloads per
 * method that takes one, half hostile values, half near-valid payloads with one field broken.
 * Each result is judged by an oracle written from the contract (not from the schemas): a
 * handler may refuse only with an AssistantRequestError or an `{ ok: false }` answer (a crash
 * is anything else), may accept only what the oracle calls valid, and must accept what it
 * calls valid.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AssistantRequestError,
  assistantHandlers,
  type AssistantHost,
} from '../../../src/main/assistant/assistant-handlers';
import { AssistantService } from '../../../src/main/assistant/assistant-service';
import {
  MemoryAssistantSettingsStore,
  MemoryHistoryStore,
  MemoryMcpSecretStore,
} from '../../../src/main/assistant/memory-stores';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import type { AssistantSettings } from '../../../src/shared/assistant';

const RUNS = 10_000;
const SEED = 0x41535354;

interface Tally {
  payloads: number;
  accepted: number;
  crashes: number;
  acceptedInvalid: number;
  refusedValid: number;
}
const tally: Record<string, Tally> = {};

const service = new AssistantService({
  settings: new MemoryAssistantSettingsStore(),
  history: new MemoryHistoryStore(),
  mcpSecrets: new MemoryMcpSecretStore(),
  desktop: NO_DESKTOP,
  redactor: { text: (v) => v },
  model: () => 'gpt-realtime',
  realtimeIdentity: () => 'openai wss://api.openai.com',
});
const host: AssistantHost = {
  assistant: service,
  reopenConversation: async (id) => {
    const entries = await service.reopen(id);
    return entries ? { ok: true, entries } : { ok: false, error: 'not stored' };
  },
  newConversation: async () => ({ ok: true }),
  assistantSettingsChanged: () => undefined,
};
const handlers = assistantHandlers(host);

/** Run one payload through a handler and judge it against the oracle. */
async function judge(
  name: string,
  run: (arg: unknown) => unknown,
  isValid: (arg: unknown) => boolean,
  arg: unknown,
): Promise<void> {
  const t = (tally[name] ??= {
    payloads: 0,
    accepted: 0,
    crashes: 0,
    acceptedInvalid: 0,
    refusedValid: 0,
  });
  t.payloads++;
  const valid = isValid(arg);
  let accepted: boolean;
  try {
    const result = (await run(arg)) as { ok?: boolean; error?: string } | null;
    // `{ ok: false }` with a reason is a refusal (settings); anything else is an answer.
    accepted = !(result && result.ok === false);
    if (!accepted && (typeof result?.error !== 'string' || result.error.length === 0))
      throw new Error('a refusal without a reason');
  } catch (error) {
    // A refusal is an AssistantRequestError; anything else (a refusal without a reason too) is a crash.
    if (!(error instanceof AssistantRequestError)) {
      t.crashes++;
      throw error;
    }
    accepted = false;
  }
  if (accepted) t.accepted++;
  if (accepted && !valid) {
    t.acceptedInvalid++;
    throw new Error(`${name} accepted an invalid payload: ${safeJson(arg)}`);
  }
  if (!accepted && valid) {
    t.refusedValid++;
    throw new Error(`${name} refused a valid payload: ${safeJson(arg)}`);
  }
}

function safeJson(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}

// ── hostile values ────────────────────────────────────────────────────────────
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
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, 1e308, '', [], {}, '__proto__'),
  fc.string({ maxLength: 3000 }),
  fc.constant('x'.repeat(70_000)),
);

// ── oracles, from the contract ────────────────────────────────────────────────
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !ArrayBuffer.isView(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));
const exactKeys = (v: Record<string, unknown>, required: string[], optional: string[] = []) =>
  required.every((k) => Object.hasOwn(v, k)) &&
  Object.keys(v).every((k) => required.includes(k) || optional.includes(k));
const str = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const num = (v: unknown, min: number, max: number, integer = false): v is number =>
  typeof v === 'number' &&
  Number.isFinite(v) &&
  v >= min &&
  v <= max &&
  (!integer || Number.isInteger(v));
const bool = (v: unknown) => typeof v === 'boolean';
const CONV_ID = /^conv_[0-9]{13}_[0-9a-f]{8}$/;

const validApproval = (v: unknown) =>
  isPlainObject(v) &&
  exactKeys(v, ['id', 'decision']) &&
  str(v.id, 1, 100) &&
  ['once', 'always', 'deny'].includes(v.decision as string);
const validInspectorList = (v: unknown) =>
  v === undefined ||
  v === null ||
  (isPlainObject(v) &&
    exactKeys(v, [], ['afterSeq']) &&
    (v.afterSeq === undefined || num(v.afterSeq, 0, Number.MAX_SAFE_INTEGER, true)));
const validId = (v: unknown) => typeof v === 'string' && CONV_ID.test(v);
const validExport = (v: unknown) =>
  isPlainObject(v) &&
  exactKeys(v, ['id', 'format']) &&
  validId(v.id) &&
  (v.format === 'markdown' || v.format === 'text');

const PRICE_KEYS = [
  'textInput',
  'textCachedInput',
  'textOutput',
  'audioInput',
  'audioCachedInput',
  'audioOutput',
  'imageInput',
  'imageCachedInput',
];
const validPrice = (v: unknown) =>
  isPlainObject(v) && exactKeys(v, PRICE_KEYS) && PRICE_KEYS.every((k) => num(v[k], 0, 10_000));
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;
function validMcpUrl(v: unknown): boolean {
  if (!str(v, 0, 2_000)) return false;
  // Characters parsers read differently (the service might reach another host): refused.
  if (/[\\@#\s\p{Cc}]/u.test(v)) return false;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' &&
      (LOOPBACK.test(url.hostname) || url.hostname.endsWith('.localhost')))
  );
}
const validServer = (v: unknown) =>
  isPlainObject(v) &&
  exactKeys(v, ['label', 'url'], ['allowedTools', 'approval', 'enabled']) &&
  typeof v.label === 'string' &&
  /^[a-zA-Z0-9_-]{1,64}$/.test(v.label) &&
  validMcpUrl(v.url) &&
  (v.allowedTools === undefined ||
    (Array.isArray(v.allowedTools) &&
      v.allowedTools.length <= 100 &&
      v.allowedTools.every((t) => str(t, 1, 128)))) &&
  (v.approval === undefined || v.approval === 'always' || v.approval === 'never') &&
  (v.enabled === undefined || bool(v.enabled));

const FIELD_ORACLES: Record<string, (v: unknown) => boolean> = {
  instructions: (v) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 8_000,
  speed: (v) => num(v, 0.25, 1.5),
  outputDeviceId: (v) => str(v, 0, 512),
  transcription: bool,
  transcriptionModel: (v) => str(v, 1, 100),
  transcriptionLanguage: (v) => typeof v === 'string' && /^([a-z]{2})?$/.test(v),
  transcriptionVocabulary: (v) => str(v, 0, 800) && !/\p{Cc}/u.test(v as string),
  noiseReduction: (v) => ['near_field', 'far_field', 'off'].includes(v as string),
  falseInterruptionRecovery: bool,
  semanticEagerness: (v) => ['auto', 'low', 'medium', 'high'].includes(v as string),
  vadSilenceMs: (v) => num(v, 200, 2_000, true),
  vadThreshold: (v) => num(v, 0.1, 0.95),
  idleCapMinutes: (v) => num(v, 0, 120, true),
  spendCapUsd: (v) => num(v, 0, 1_000),
  historyEnabled: bool,
  prices: (v) =>
    isPlainObject(v) && Object.entries(v).every(([k, p]) => str(k, 1, 100) && validPrice(p)),
  mcpServers: (v) => Array.isArray(v) && v.length <= 20 && v.every(validServer),
  mcpAuthorization: (v) =>
    isPlainObject(v) &&
    exactKeys(v, ['label', 'value']) &&
    str(v.label, 0, 64) &&
    str(v.value, 0, 4_000),
  forgetAlwaysAllowed: bool,
};
/** Valid for the service as it stands (a token names a configured server). */
function validSettingsUpdate(v: unknown, before: AssistantSettings): boolean {
  if (!isPlainObject(v)) return false;
  const shapeOk = Object.entries(v).every(
    ([k, val]) => Object.hasOwn(FIELD_ORACLES, k) && (val === undefined || FIELD_ORACLES[k]!(val)),
  );
  if (!shapeOk) return false;
  const auth = v.mcpAuthorization as { label: string; value: string } | undefined;
  if (!auth || !auth.value.trim()) return true;
  const servers = (v.mcpServers as { label: string }[] | undefined) ?? before.mcpServers;
  return servers.some((s) => s.label === auth.label);
}

// ── generators of near-valid payloads ─────────────────────────────────────────
const validPriceArb = fc.record(
  Object.fromEntries(PRICE_KEYS.map((k) => [k, fc.double({ min: 0, max: 10_000, noNaN: true })])),
);
const validServerArb = fc.record(
  {
    label: fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/),
    url: fc.oneof(
      fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }),
      fc.constantFrom('http://127.0.0.1:8123/mcp', 'http://localhost/mcp'),
    ),
    allowedTools: fc.array(fc.stringMatching(/^[a-z_]{1,20}$/), { maxLength: 3 }),
    approval: fc.constantFrom('always', 'never'),
    enabled: fc.boolean(),
  },
  { requiredKeys: ['label', 'url'] },
);
const validFieldValue: Record<string, fc.Arbitrary<unknown>> = {
  instructions: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0),
  speed: fc.double({ min: 0.25, max: 1.5, noNaN: true }),
  outputDeviceId: fc.stringMatching(/^[a-f0-9]{0,64}$/),
  transcription: fc.boolean(),
  transcriptionModel: fc.constantFrom('gpt-4o-mini-transcribe', 'whisper-1'),
  transcriptionLanguage: fc.constantFrom('', 'en', 'fr'),
  transcriptionVocabulary: fc.constantFrom('', 'Wojciech, Kubernetes', 'Ærø; naïve café'),
  noiseReduction: fc.constantFrom('near_field', 'far_field', 'off'),
  falseInterruptionRecovery: fc.boolean(),
  semanticEagerness: fc.constantFrom('auto', 'low', 'medium', 'high'),
  vadSilenceMs: fc.integer({ min: 200, max: 2_000 }),
  vadThreshold: fc.double({ min: 0.1, max: 0.95, noNaN: true }),
  idleCapMinutes: fc.integer({ min: 0, max: 120 }),
  spendCapUsd: fc.double({ min: 0, max: 1_000, noNaN: true }),
  historyEnabled: fc.boolean(),
  prices: fc.dictionary(fc.stringMatching(/^[a-z-]{1,20}$/), validPriceArb, { maxKeys: 3 }),
  mcpServers: fc.array(validServerArb, { maxLength: 3 }),
  mcpAuthorization: fc.record({
    label: fc.constantFrom('docs', 'a', 'cal'),
    value: fc.constantFrom('', 'Bearer t0k3n', '  '),
  }),
  forgetAlwaysAllowed: fc.boolean(),
};
const brokenFieldValue: Record<string, fc.Arbitrary<unknown>> = {
  instructions: fc.constantFrom('', '   ', 'x'.repeat(8_001), 5, null),
  speed: fc.constantFrom(0.2, 1.51, NaN, Infinity, '1', -0.5),
  outputDeviceId: fc.constantFrom('x'.repeat(513), 3),
  transcription: fc.constantFrom('true', 1, null),
  transcriptionModel: fc.constantFrom('', 'x'.repeat(101), 7),
  transcriptionLanguage: fc.constantFrom('EN', 'eng', 'e', ' en', 5),
  transcriptionVocabulary: fc.constantFrom('x'.repeat(801), 'two\nlines', 'tab\there', 7, null),
  noiseReduction: fc.constantFrom('near', '', 'OFF'),
  falseInterruptionRecovery: fc.constantFrom('on', 1, null),
  semanticEagerness: fc.constantFrom('eager', '', 'AUTO'),
  vadSilenceMs: fc.constantFrom(199, 2_001, 500.5, NaN, '500'),
  vadThreshold: fc.constantFrom(0.09, 0.96, NaN, Infinity),
  idleCapMinutes: fc.constantFrom(-1, 121, 2.5, Infinity),
  spendCapUsd: fc.constantFrom(-0.01, 1_000.01, NaN, '5'),
  historyEnabled: fc.constantFrom('yes', 0),
  prices: fc.oneof(
    fc.constantFrom([], null, { m: {} }, { '': {} }, { m: { textInput: -1 } }),
    validPriceArb.map((p) => ({ m: { ...p, textInput: 10_001 } })),
    validPriceArb.map((p) => ({ m: { ...p, extra: 1 } })),
    validPriceArb.map((p) => ({ ['x'.repeat(101)]: p })),
  ),
  mcpServers: fc.oneof(
    fc.array(validServerArb, { minLength: 21, maxLength: 22 }),
    validServerArb.map((s) => [{ ...s, url: 'http://mcp.example.com/' }]),
    validServerArb.map((s) => [{ ...s, url: 'https://u:p@mcp.example.com/' }]),
    validServerArb.map((s) => [{ ...s, url: 'javascript:alert(1)' }]),
    validServerArb.map((s) => [{ ...s, url: 'http://127.0.0.1.evil.com/' }]),
    validServerArb.map((s) => [{ ...s, label: 'bad label' }]),
    validServerArb.map((s) => [{ ...s, approval: 'sometimes' }]),
    validServerArb.map((s) => [{ ...s, allowedTools: [''] }]),
    validServerArb.map((s) => [{ ...s, extra: true }]),
    fc.constantFrom({}, 'docs', [null]),
  ),
  mcpAuthorization: fc.constantFrom(
    { label: 'docs' },
    { label: 'x'.repeat(65), value: 'v' },
    { label: 'docs', value: 'v'.repeat(4_001) },
    { label: 'docs', value: 'v', extra: 1 },
    { label: 'nowhere', value: 'Bearer x' },
    'docs',
  ),
  forgetAlwaysAllowed: fc.constantFrom('true', 1),
};
const settingsUpdate = fc.oneof(
  { weight: 3, arbitrary: fc.record(validFieldValue, { requiredKeys: [] }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.record(validFieldValue, { requiredKeys: [] }),
        fc.constantFrom(...Object.keys(brokenFieldValue)),
      )
      .chain(([base, key]) => brokenFieldValue[key]!.map((value) => ({ ...base, [key]: value }))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.record(validFieldValue, { requiredKeys: [] }),
        fc.string({ minLength: 1, maxLength: 30 }),
        hostile,
      )
      .map(([o, k, v]) => ({ ...o, [k]: v })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.record(validFieldValue, { requiredKeys: [] }),
        fc.constantFrom(...Object.keys(validFieldValue), 'alwaysAllowedTools'),
        hostile,
      )
      .map(([o, k, v]) => ({ ...o, [k]: v })),
  },
  { weight: 2, arbitrary: hostile },
);

const convId = fc.oneof(
  fc
    .tuple(fc.stringMatching(/^[0-9]{13}$/), fc.stringMatching(/^[0-9a-f]{8}$/))
    .map(([t, h]) => `conv_${t}_${h}`),
  fc.constantFrom(
    'conv_1_a',
    '../../etc/passwd',
    'conv_1234567890123_0000000g',
    'CONV_1234567890123_00000000',
    '',
  ),
  hostile,
);

async function property(
  name: string,
  arbitrary: fc.Arbitrary<unknown>,
  run: (arg: unknown) => unknown,
  isValid: (arg: unknown) => boolean,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, (arg) => judge(name, run, isValid, arg)),
    { numRuns: RUNS, seed: SEED },
  );
}

describe(
  'assistant IPC handlers under 10,000 generated payloads each',
  { timeout: 120_000 },
  () => {
    it('saveAssistantSettings', () =>
      property('saveAssistantSettings', settingsUpdate, handlers.saveAssistantSettings, (arg) =>
        validSettingsUpdate(arg, service.settings),
      ));
    it('answerApproval', () =>
      property(
        'answerApproval',
        fc.oneof(
          fc.record({
            id: fc.string({ maxLength: 120 }),
            decision: fc.constantFrom('once', 'always', 'deny', 'maybe'),
          }),
          fc.record(
            { id: fc.string(), decision: fc.constant('once') },
            { requiredKeys: ['decision'] },
          ),
          fc
            .tuple(
              fc.record({ id: fc.string({ minLength: 1 }), decision: fc.constant('deny') }),
              fc.string({ minLength: 1 }),
              hostile,
            )
            .map(([o, k, v]) => ({ ...o, [k]: v })),
          hostile,
        ),
        // An answer for no pending approval is `{ ok: false }`: valid, and refused by the gate.
        async (arg) => {
          const result = (await handlers.answerApproval(arg)) as { ok: boolean };
          return result.ok ? result : { handled: true };
        },
        validApproval,
      ));
    it('inspectorList', () =>
      property(
        'inspectorList',
        fc.oneof(
          fc.record(
            { afterSeq: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(2 ** 60)) },
            { requiredKeys: [] },
          ),
          fc.constantFrom(undefined, null),
          hostile,
        ),
        handlers.inspectorList,
        validInspectorList,
      ));
    for (const method of ['historyLoad', 'historyDelete', 'historyReopen'] as const)
      it(method, () =>
        property(
          method,
          convId,
          async (arg) => {
            const result = await handlers[method](arg);
            return result && typeof result === 'object' && 'ok' in result && !result.ok
              ? { handled: true }
              : result;
          },
          validId,
        ),
      );
    it('historyExport', () =>
      property(
        'historyExport',
        fc.oneof(
          fc.record({ id: convId, format: fc.constantFrom('markdown', 'text', 'html') }),
          fc
            .tuple(
              fc.record({ id: convId, format: fc.constant('text') }),
              fc.string({ minLength: 1 }),
              hostile,
            )
            .map(([o, k, v]) => ({ ...o, [k]: v })),
          hostile,
        ),
        handlers.historyExport,
        validExport,
      ));

    afterAll(() => {
      console.log(`assistant IPC fuzz: ${JSON.stringify(tally)}`);
      for (const t of Object.values(tally)) {
        expect(t.payloads).toBeGreaterThanOrEqual(RUNS);
        expect(t).toMatchObject({ crashes: 0, acceptedInvalid: 0, refusedValid: 0 });
      }
      expect(Object.keys(tally)).toHaveLength(7);
    });
  },
);
