import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../src/main/assistant/history/history-store';
import {
  AssistantRequestError,
  assistantHandlers,
} from '../../../../src/main/assistant/assistant-handlers';
import { MemoryAssistantSettingsStore } from '../../../../src/main/assistant/memory-stores';
import { NO_DESKTOP } from '../../../../src/main/assistant/tools/desktop-actions';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../../src/main/settings/settings-model';
import { VoiceController } from '../../../../src/main/voice/voice-controller';
import { DEFAULT_ASSISTANT_SETTINGS, type ApprovalRequest } from '../../../../src/shared/assistant';
import type { ImageShareResult } from '../../../../src/shared/assistant-ipc';
import type { TranscriptMessage } from '../../../../src/shared/ipc';
import { testJpeg, testPng } from '../../../simulator/support/images';

const controllers: VoiceController[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Hark with its embedded simulator; history on disk in a fresh folder when `history`. */
async function hark({
  history = false,
  capture,
  engine = 'realtime',
}: { history?: boolean; capture?: () => Promise<string>; engine?: 'realtime' | 'live' } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'hark-look-'));
  folders.push(folder);
  const controller = new VoiceController({
    settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS, engine }),
    secrets: new MemorySecretStore(null),
    simulator: { pacing: 'instant' },
    assistant: {
      settings: new MemoryAssistantSettingsStore({
        ...structuredClone(DEFAULT_ASSISTANT_SETTINGS),
        historyEnabled: history,
      }),
      history: new HistoryStore(folder),
      desktop: capture ? { ...NO_DESKTOP, captureScreen: capture } : NO_DESKTOP,
    },
  });
  controllers.push(controller);
  const approvals: ApprovalRequest[] = [];
  controller.assistant.on('approval-request', (r) => approvals.push(r));
  const transcript: TranscriptMessage[] = [];
  controller.on('transcript', (t) => transcript.push(t));
  const sentImages: string[] = [];
  controller.tapWire((record) => {
    if (record.direction !== 'sent') return;
    const json = JSON.stringify(record.event);
    if (json.includes('input_image')) sentImages.push(json);
  });
  await controller.connect();
  await until(() => controller.snapshot().health.state === 'ready', 'ready');
  const said = (text: string) =>
    transcript.some((t) => t.role === 'assistant' && t.final && t.text.includes(text));
  return { controller, folder, approvals, transcript, sentImages, said };
}

describe('"Look at this" with the simulator', () => {
  it('sends the approved image byte for byte and the simulator describes it', async () => {
    const app = await hark();
    const png = testPng(64, 40, [0x3a, 0x7b, 0xd5]);
    const result = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    const shown = app.approvals[0]!;
    expect(shown.allowAlways).toBe(false);
    expect(shown.summary).toMatch(/^Send the image you pasted to the model \(PNG 64×40, \d+ B\)$/);
    expect(shown.detail).toMatchObject({
      kind: 'image',
      dataUrl: png.dataUrl,
      format: 'png',
      width: 64,
      height: 40,
      sha256: png.sha256,
    });
    expect(app.sentImages).toEqual([]); // nothing leaves before the answer
    app.controller.assistant.answerApproval({ id: shown.id, decision: 'once' });
    expect(await result).toMatchObject({ ok: true, image: { sha256: png.sha256 } });
    const simulator = app.controller.embeddedSimulator!;
    await until(() => simulator.images.length === 1, 'the simulator to receive it');
    // What the prompt showed is what arrived: the same hash of the same bytes.
    expect(simulator.images[0]!.sha256).toBe((shown.detail as { sha256: string }).sha256);
    await until(
      () => app.said('I see a 64 by 40 PNG image; its average colour is #3a7bd5.'),
      'the description',
    );
  });

  it('sends nothing when the user denies, and says so', async () => {
    const app = await hark();
    const png = testPng(32, 32, [255, 0, 0]);
    const result = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'drop' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'deny' });
    expect(await result).toEqual({
      ok: false,
      declined: true,
      error: 'You declined: the image was not sent.',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(app.sentImages).toEqual([]);
    expect(app.controller.embeddedSimulator!.images).toEqual([]);
    // "Always" is refused for an image: each one is approved on its own; one waits at a time.
    const again = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'drop' });
    await until(() => app.approvals.length === 2, 'the second approval');
    expect(
      await app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'paste' }),
    ).toEqual({
      ok: false,
      error: 'Another image is waiting for your answer: allow or deny it first.',
    });
    expect(
      app.controller.assistant.answerApproval({ id: app.approvals[1]!.id, decision: 'always' }),
    ).toMatchObject({ ok: false });
    app.controller.assistant.answerApproval({ id: app.approvals[1]!.id, decision: 'deny' });
    expect(await again).toMatchObject({ ok: false, declined: true });
  });

  it('keeps the image bytes out of the inspector and its export', async () => {
    const app = await hark();
    const png = testPng(48, 30, [10, 20, 30]);
    const result = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    await result;
    await until(() => app.said('I see a 48 by 30 PNG'), 'the description');
    const base64 = png.dataUrl.slice(png.dataUrl.indexOf(',') + 1);
    const exported = app.controller.assistant.inspectorExport();
    const listed = JSON.stringify(app.controller.assistant.inspectorList());
    for (const text of [exported, listed]) {
      expect(text).not.toContain(base64.slice(0, 40));
      expect(text).not.toContain(base64.slice(-40));
      expect(text).toContain(`[image png 48×30, `);
      expect(text).toContain(`sha256 ${png.sha256}]`);
    }
  });

  it('with history on keeps the image beside the conversation (0600) and deletes it with it', async () => {
    const app = await hark({ history: true });
    const jpg = testJpeg(120, 80, [0, 128, 255]);
    const result = app.controller.assistant.attachImage({ dataUrl: jpg.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    await result;
    const [summary] = await app.controller.assistant.historyList();
    expect(summary).toBeDefined();
    const images = join(app.folder, `${summary!.id}.images`);
    const file = join(images, `${jpg.sha256}.jpg`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const loaded = await app.controller.assistant.historyLoad(summary!.id);
    expect(loaded?.entries.find((e) => e.image)).toMatchObject({
      role: 'user',
      text: expect.stringContaining('🖼 Image sent (JPEG 120×80'),
      image: { sha256: jpg.sha256, format: 'jpeg', width: 120, height: 80 },
    });
    const exported = await app.controller.assistant.historyExport(summary!.id, 'markdown');
    expect(exported).toContain('Image sent (JPEG 120×80');
    expect(exported).not.toContain(jpg.dataUrl.slice(30, 90));
    // The history view shows the kept image itself.
    expect(await app.controller.assistant.historyImage(summary!.id, jpg.sha256)).toBe(jpg.dataUrl);
    await app.controller.assistant.historyDelete(summary!.id);
    expect(readdirSync(app.folder)).toEqual([]);
    expect(await app.controller.assistant.historyImage(summary!.id, jpg.sha256)).toBeNull();
  });

  it('clearing history right after an image was sent leaves neither the image nor the conversation', async () => {
    const app = await hark({ history: true });
    const jpg = testJpeg(120, 80, [200, 20, 20]);
    const result = app.controller.assistant.attachImage({ dataUrl: jpg.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    await result;
    await until(() => app.said('I see a 120 by 80 JPEG image'), 'the reply');
    // At once, before the conversation's debounced save: "Clear all history".
    await app.controller.assistant.historyClear();
    await new Promise((r) => setTimeout(r, 800)); // past the recorder's debounce
    expect(readdirSync(app.folder)).toEqual([]);
    expect(await app.controller.assistant.historyList()).toEqual([]);
  });

  it('deleting the conversation being recorded, just after an image, does not bring it back', async () => {
    const app = await hark({ history: true });
    const png = testPng(32, 32, [5, 6, 7]);
    const result = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    await result;
    await until(() => app.said('I see a 32 by 32 PNG image'), 'the reply');
    await app.controller.assistant.historyDelete(app.controller.assistant.recorder.conversationId);
    await new Promise((r) => setTimeout(r, 800)); // past the recorder's debounce
    expect(readdirSync(app.folder)).toEqual([]);
  });

  it('with history off keeps no image anywhere', async () => {
    const app = await hark({ history: false });
    const png = testPng(16, 16, [1, 2, 3]);
    const result = app.controller.assistant.attachImage({ dataUrl: png.dataUrl, source: 'paste' });
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    expect(await result).toMatchObject({ ok: true });
    await until(() => app.said('I see a 16 by 16 PNG'), 'the description');
    await app.controller.assistant.recorder.flush();
    expect(readdirSync(app.folder)).toEqual([]);
    const id = app.controller.assistant.recorder.conversationId;
    expect(await app.controller.assistant.historyImage(id, png.sha256)).toBeNull();
    // Only the line stays, in memory, for this session's transcript.
    expect(app.controller.assistant.recorder.snapshot().find((e) => e.image)).toMatchObject({
      image: { sha256: png.sha256 },
    });
  });

  it('refuses a malformed image from the window clearly, asking nothing', async () => {
    const app = await hark();
    const png = testPng(8, 8, [0, 0, 0]);
    const cases: [unknown, RegExp][] = [
      [{ dataUrl: 'data:image/gif;base64,R0lGODlh', source: 'paste' }, /PNG or JPEG/],
      [
        { dataUrl: 'data:image/png;base64,aGVsbG8gd29ybGQ=', source: 'paste' },
        /damaged or not a PNG/,
      ],
      [
        { dataUrl: png.dataUrl.replace('image/png', 'image/jpeg'), source: 'paste' },
        /not the PNG or JPEG it claims/,
      ],
      [{ dataUrl: testPng(2049, 10, [0, 0, 0]).dataUrl, source: 'drop' }, /must be scaled to fit/],
      [{ dataUrl: 'x'.repeat(2_000_000), source: 'paste' }, /at most 720 KB/],
      [{ dataUrl: png.dataUrl, source: 'camera' }, /\{dataUrl, source\}/],
      ['not an object', /\{dataUrl, source\}/],
    ];
    for (const [request, message] of cases) {
      const result: ImageShareResult = await app.controller.assistant.attachImage(request);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
    expect(app.approvals).toEqual([]);
    expect(app.sentImages).toEqual([]);
  });

  it('the look_at_screen tool shows the capture, sends it once approved, and the model describes it', async () => {
    const screen = testJpeg(1024, 640, [200, 200, 200]);
    const app = await hark({ capture: async () => screen.dataUrl });
    app.controller.sendText('please look at screen');
    await until(() => app.approvals.length === 1, 'the approval');
    expect(app.approvals[0]).toMatchObject({
      tool: 'look_at_screen',
      detail: { kind: 'image', origin: 'tool', sha256: screen.sha256, dataUrl: screen.dataUrl },
    });
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'once' });
    await until(() => app.said('I see a 1024 by 640 JPEG image'), 'the description');
    expect(app.controller.embeddedSimulator!.images.map((i) => i.sha256)).toEqual([screen.sha256]);
  });

  it('a declined look_at_screen answers the call and sends no image', async () => {
    const screen = testJpeg(320, 200, [0, 0, 0]);
    const app = await hark({ capture: async () => screen.dataUrl });
    const outputs: string[] = [];
    app.controller.tapWire((record) => {
      const event = record.event as { type: string; item?: { type: string; output?: string } };
      if (record.direction === 'sent' && event.item?.type === 'function_call_output')
        outputs.push(event.item.output ?? '');
    });
    app.controller.sendText('please look at screen');
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'deny' });
    await until(() => outputs.length === 1, 'the function output');
    expect(outputs[0]).toContain('The user declined to show their screen');
    expect(app.sentImages).toEqual([]);
  });

  it('look_at_screen shows as waiting for approval, and ending the session answers it once', async () => {
    const screen = testJpeg(320, 200, [0, 0, 0]);
    const app = await hark({ capture: async () => screen.dataUrl });
    const outputs: string[] = [];
    const statuses: string[] = [];
    app.controller.assistant.on('tool-call', (call) => statuses.push(call.status));
    app.controller.tapWire((record) => {
      const event = record.event as { type: string; item?: { type: string; output?: string } };
      if (record.direction === 'sent' && event.item?.type === 'function_call_output')
        outputs.push(event.item.output ?? '');
    });
    app.controller.sendText('please look at screen');
    await until(() => app.approvals.length === 1, 'the approval');
    expect(statuses.at(-1)).toBe('awaiting-approval'); // no "still working" cue meanwhile
    await app.controller.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatch(/ended the session/);
    expect(app.sentImages).toEqual([]);
  });

  it('captures nothing while an image waits for an answer: not the button, not the model', async () => {
    let captures = 0;
    const screen = testJpeg(320, 200, [9, 9, 9]);
    const app = await hark({
      capture: async () => {
        captures++;
        return screen.dataUrl;
      },
    });
    const outputs: string[] = [];
    app.controller.tapWire((record) => {
      const event = record.event as { type: string; item?: { type: string; output?: string } };
      if (record.direction === 'sent' && event.item?.type === 'function_call_output')
        outputs.push(event.item.output ?? '');
    });
    const pasted = testPng(16, 16, [1, 2, 3]);
    const waiting = app.controller.assistant.attachImage({
      dataUrl: pasted.dataUrl,
      source: 'paste',
    });
    await until(() => app.approvals.length === 1, 'the approval');
    // The button pressed again and again (or a page calling the IPC in a loop).
    for (let i = 0; i < 5; i++)
      expect(await app.controller.assistant.lookAtScreen()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/Another image is waiting/),
      });
    // The model asking to look meanwhile.
    app.controller.sendText('please look at screen');
    await until(() => outputs.length === 1, 'the function output');
    expect(captures).toBe(0);
    expect(app.approvals).toHaveLength(1);
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'deny' });
    expect(await waiting).toMatchObject({ ok: false, declined: true });
    expect(app.sentImages).toEqual([]);
  });

  it('calls at the same moment capture once: the others are refused', async () => {
    let captures = 0;
    const screen = testJpeg(320, 200, [9, 9, 9]);
    const app = await hark({
      capture: async () => {
        captures++;
        await new Promise((r) => setTimeout(r, 50));
        return screen.dataUrl;
      },
    });
    const all = Array.from({ length: 5 }, () => app.controller.assistant.lookAtScreen());
    await until(() => app.approvals.length === 1, 'the approval');
    app.controller.assistant.answerApproval({ id: app.approvals[0]!.id, decision: 'deny' });
    const results = await Promise.all(all);
    expect(captures).toBe(1);
    expect(results.filter((r) => !r.ok && r.declined)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && /Another image is waiting/.test(r.error))).toHaveLength(
      4,
    );
  });

  it('the IPC handlers check what the window sends and say whether capture exists', async () => {
    const app = await hark({ capture: async () => testPng(8, 8, [0, 0, 0]).dataUrl });
    const handlers = assistantHandlers(app.controller);
    expect(handlers.getAssistant(undefined)).toMatchObject({ screenCapture: true });
    for (const bad of [
      { id: 'conv_x', sha256: 'a'.repeat(64) },
      { id: app.controller.assistant.recorder.conversationId, sha256: '../etc' },
      'nope',
    ])
      expect(() => handlers.historyImage(bad)).toThrow(AssistantRequestError);
    const none = await hark();
    expect(assistantHandlers(none.controller).getAssistant(undefined)).toMatchObject({
      screenCapture: false,
    });
  });

  it('"Show Hark my screen" exists only where a capture does, and GPT-Live takes no image', async () => {
    const without = await hark();
    expect(without.controller.assistant.canCaptureScreen).toBe(false);
    expect(await without.controller.assistant.lookAtScreen()).toEqual({
      ok: false,
      error: 'Screen capture is available only in the desktop app.',
    });
    const live = await hark({
      engine: 'live',
      capture: async () => testPng(8, 8, [0, 0, 0]).dataUrl,
    });
    const png = testPng(8, 8, [0, 0, 0]);
    const result = await live.controller.assistant.attachImage({
      dataUrl: png.dataUrl,
      source: 'paste',
    });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('Realtime engine') });
    expect(await live.controller.assistant.lookAtScreen()).toMatchObject({
      ok: false,
      error: expect.stringContaining('Realtime engine'),
    });
    expect(live.approvals).toEqual([]);
    // Nor is the model offered look_at_screen there (it is with Realtime and a capture).
    const names = (app: typeof live) =>
      app.controller.assistant.sessionTools(null).map((t) => ('name' in t ? t.name : t.type));
    expect(names(live)).not.toContain('look_at_screen');
    const realtime = await hark({ capture: async () => png.dataUrl });
    expect(names(realtime)).toContain('look_at_screen');
    expect(names(without)).not.toContain('look_at_screen');
  });
});
