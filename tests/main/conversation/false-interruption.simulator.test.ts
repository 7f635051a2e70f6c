import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAssistantSettingsStore } from '../../../src/main/assistant/memory-stores';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';

const controllers: VoiceController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
});

/** PCM16 24 kHz: a loud 220 Hz tone for `toneMs`, then silence, as 20 ms microphone frames. */
function burst(toneMs: number, silenceMs: number): Uint8Array[] {
  const tone = toneMs * 24;
  const pcm = Buffer.alloc((tone + silenceMs * 24) * 2);
  for (let i = 0; i < tone; i++)
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 220 * i) / 24_000) * 20_000), i * 2);
  const frames: Uint8Array[] = [];
  for (let at = 0; at < pcm.byteLength; at += 960)
    frames.push(new Uint8Array(pcm.subarray(at, at + 960)));
  return frames;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function handsFree(recovery: boolean) {
  const controller = new VoiceController({
    settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS, turnDetection: 'server_vad' }),
    secrets: new MemorySecretStore(null),
    // What the simulator "hears": a long burst is words, a short one nothing.
    simulator: {
      pacing: 'instant',
      transcribe: (pcm) => (pcm.byteLength > 48_000 * 1.2 ? 'Wait, what about Paris?' : ''),
    },
    assistant: {
      settings: new MemoryAssistantSettingsStore({
        ...structuredClone(DEFAULT_ASSISTANT_SETTINGS),
        falseInterruptionRecovery: recovery,
      }),
    },
  });
  controllers.push(controller);
  const sent: string[] = [];
  const received: { type: string; item_id?: string }[] = [];
  controller.tapWire((record) => {
    const event = record.event as { type: string; item_id?: string };
    if (record.direction === 'sent') sent.push(event.type);
    else received.push(event);
  });
  const output: string[] = [];
  controller.on('output-stop', () => output.push('stop'));
  controller.on('output-hold', (held) => output.push(held ? 'hold' : 'resume'));
  let replyItem: string | null = null;
  controller.on('output-audio', (m) => (replyItem = m.itemId));
  return { controller, sent, received, output, reply: () => replyItem };
}

/** One spoken turn and its (simulated) reply, which the speaker is then playing. */
async function firstReply(app: ReturnType<typeof handsFree>): Promise<string> {
  const { controller, sent } = app;
  await controller.connect();
  await until(() => controller.snapshot().health.state === 'ready', 'ready');
  for (const frame of burst(1_500, 700)) controller.pushAudioFrame(frame);
  await until(() => sent.includes('response.create') || app.reply() !== null, 'the first reply');
  await until(() => app.reply() !== null, 'reply audio');
  const reply = app.reply()!;
  controller.reportPlayback({ itemId: reply, playedMs: 300, bufferedMs: 1_000, underruns: 0 });
  return reply;
}

describe('false interruptions against the simulator (hands-free, server VAD)', () => {
  it('a noise burst during a reply: held, resumed, the stray item deleted, no reply asked for', async () => {
    const app = handsFree(true);
    await firstReply(app);
    const createsBefore = app.sent.filter((t) => t === 'response.create').length;
    for (const frame of burst(200, 700)) app.controller.pushAudioFrame(frame);
    await until(() => app.output.includes('resume'), 'the resume');
    await until(
      () => app.received.some((e) => e.type === 'conversation.item.deleted'),
      'the delete',
    );
    expect(app.output).toEqual(['hold', 'resume']);
    expect(app.sent).not.toContain('conversation.item.truncate');
    expect(app.sent).not.toContain('response.cancel');
    await new Promise((r) => setTimeout(r, 200));
    expect(app.sent.filter((t) => t === 'response.create')).toHaveLength(createsBefore);
  });

  it('real speech during a reply: cancelled (if active) and truncated at the played samples, then answered', async () => {
    const app = handsFree(true);
    const reply = await firstReply(app);
    const createsBefore = app.sent.filter((t) => t === 'response.create').length;
    for (const frame of burst(1_500, 700)) app.controller.pushAudioFrame(frame);
    await until(() => app.output.includes('stop'), 'the barge-in');
    expect(app.output).toEqual(['hold', 'resume', 'stop']);
    await until(
      () => app.received.some((e) => e.type === 'conversation.item.truncated'),
      'truncated',
    );
    expect(app.received.find((e) => e.type === 'conversation.item.truncated')).toMatchObject({
      item_id: reply,
      audio_end_ms: 300,
    });
    await until(
      () => app.sent.filter((t) => t === 'response.create').length === createsBefore + 1,
      'the answer asked for',
    );
  });

  it('with the setting off, speech over a reply cuts it at once, as before', async () => {
    const app = handsFree(false);
    await firstReply(app);
    for (const frame of burst(200, 700)) app.controller.pushAudioFrame(frame);
    await until(() => app.output.includes('stop'), 'the barge-in');
    expect(app.output).toEqual(['stop']);
    expect(app.sent).toContain('conversation.item.truncate');
  });
});
