/**
 * The settings loader under 10,000 generated files: arbitrary JSON, near-valid settings with
 * fields broken, BOMs, lists, garbage. It never crashes (only SettingsFileError), never
 * loads a value its schema refuses, and never drops a field silently: each field is either
 * loaded as written (after canonicalisation) or reset and named in the report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { settingsFields, storedSettingsSchema } from '../../../src/shared/settings-schema';

vi.mock('electron', () => ({}));
const { parseSettingsText, SettingsFileError } =
  await import('../../../src/main/desktop/settings-file');
const { JsonSettingsStore } = await import('../../../src/main/desktop/settings');
const { DEFAULT_SETTINGS } = await import('../../../src/main/settings/settings-model');

const tally = {
  files: 0,
  loaded: 0,
  refusedWhole: 0,
  fieldsReset: 0,
  crashes: 0,
  acceptedInvalid: 0,
  silentDrops: 0,
};

const field = {
  provider: fc.constantFrom('openai', 'azure', 'custom', 'simulator', 'mars', 7),
  model: fc.oneof(fc.constantFrom('gpt-realtime', 42, 'a b'), fc.string({ maxLength: 200 })),
  voice: fc.oneof(fc.constantFrom('cedar', '', null), fc.string({ maxLength: 80 })),
  azureResource: fc.oneof(
    fc.constantFrom('my-res', 'http://evil.example', ''),
    fc.string({ maxLength: 50 }),
  ),
  customUrl: fc.oneof(
    fc.constantFrom('wss://h/x', 'ws://127.0.0.1:1/', 'javascript:alert(1)', 'ws://evil/', ''),
    fc.webUrl({ validSchemes: ['ws', 'wss', 'http', 'javascript'] }),
  ),
  onboarded: fc.oneof(fc.boolean(), fc.constantFrom('true', 1)),
  voiceProcessing: fc.oneof(fc.boolean(), fc.constant(null)),
  micDeviceId: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(5)),
  holdHotkey: fc.constantFrom('Ctrl+Alt+Space', 'ctrl+alt+f5', '+', 'Nope', 'x'.repeat(70)),
  toggleHotkey: fc.constantFrom('CommandOrControl+Alt+Shift+H', '+', 'H', 'Ctrl++', 3),
  earcons: fc.oneof(fc.boolean(), fc.constant('no')),
  turnDetection: fc.constantFrom('push-to-talk', 'server_vad', 'semantic_vad', 'auto'),
  version: fc.constantFrom(1, 2, 99, '2', undefined),
};
const settingsObject = fc.record(field, { requiredKeys: [] });
const text = fc.oneof(
  { weight: 4, arbitrary: settingsObject.map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: settingsObject.map((o) => `\uFEFF${JSON.stringify(o, null, 2)}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        settingsObject,
        fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })),
      )
      .map(([o, extra]) => JSON.stringify({ ...extra, ...o })),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 400 }) },
  {
    weight: 1,
    arbitrary: settingsObject
      .map((o) => JSON.stringify(o))
      .chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '[]',
      'null',
      '0',
      '"settings"',
      '\uFEFF',
      '',
      '{}',
      '\uFEFF[]',
      `{"model":"${'m'.repeat(300_000)}"}`,
    ),
  },
);

function check(source: string): void {
  tally.files++;
  let parsed: ReturnType<typeof parseSettingsText>;
  try {
    parsed = parseSettingsText(source);
  } catch (error) {
    if (error instanceof SettingsFileError) {
      tally.refusedWhole++;
      return;
    }
    tally.crashes++;
    throw error;
  }
  tally.loaded++;
  if (!storedSettingsSchema.safeParse(parsed.settings).success) {
    tally.acceptedInvalid++;
    throw new Error(`loaded invalid settings from ${source.slice(0, 200)}`);
  }
  const input = JSON.parse(source.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  for (const [name, schema] of Object.entries(settingsFields)) {
    if (!Object.hasOwn(input, name)) continue;
    const expected = schema.safeParse(input[name]);
    const loaded = (parsed.settings as Record<string, unknown>)[name];
    const reported = parsed.resetFields.some((r) => r.startsWith(`${name} (`));
    if (
      expected.success
        ? loaded !== expected.data || reported
        : !reported || loaded !== (DEFAULT_SETTINGS as Record<string, unknown>)[name]
    ) {
      tally.silentDrops++;
      throw new Error(`field ${name} not loaded or reported: ${source.slice(0, 200)}`);
    }
    if (!expected.success) tally.fieldsReset++;
  }
}

describe('settings loader under 10,000 generated files', { timeout: 60_000 }, () => {
  it('parses or refuses every file, loads only valid values and reports every reset field', () => {
    fc.assert(fc.property(text, check), { numRuns: 10_000, seed: 0x5e77 });
  });

  it('the store on disk: a sample of those files, never a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-settings-fuzz-'));
    let n = 0;
    fc.assert(
      fc.property(text, (source) => {
        const path = join(dir, `s${n++}.json`);
        writeFileSync(path, source);
        const store = new JsonSettingsStore(path);
        const loaded = store.load();
        expect(storedSettingsSchema.safeParse(loaded).success).toBe(true);
        if (store.problem) expect(store.problem.length).toBeLessThan(4000);
      }),
      { numRuns: 300, seed: 0x5e78 },
    );
  });

  afterAll(() => {
    console.log(`settings loader fuzz: ${JSON.stringify(tally)}`);
    expect(tally.files).toBeGreaterThanOrEqual(10_000);
    expect(tally).toMatchObject({ crashes: 0, acceptedInvalid: 0, silentDrops: 0 });
  });
});
