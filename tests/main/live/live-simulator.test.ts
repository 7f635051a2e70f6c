/**
 * Hark's GPT-Live engine against the simulator's Live side (src/simulator/live): a typed
 * message that names a tool runs it under Responses delegation and the voice speaks the
 * result; a push-to-talk turn by unmute/mute gets a spoken reply; disconnect closes with
 * session.close → session.closed. Voiced audio only reaches the window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallMessage, UsageMessage } from '../../../src/shared/assistant';
import { DEFAULT_PRICES } from '../../../src/shared/assistant';
import { DEFAULT_BACKEND_MODEL } from '../../../src/main/live/protocol';
import type { TranscriptMessage } from '../../../src/shared/ipc';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import {
  VoiceController,
  type VoiceControllerOptions,
} from '../../../src/main/voice/voice-controller';
import { MemoryAssistantSettingsStore } from '../../../src/main/assistant/memory-stores';
import type { ApprovalRequest } from '../../../src/shared/assistant';
import { DEFAULT_ASSISTANT_SETTINGS, mcpServerSchema } from '../../../src/shared/assistant';

const controllers: VoiceController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
});

function make(assistant?: VoiceControllerOptions['assistant']) {
  const controller = new VoiceController({
    assistant,
    settings: new MemorySettingsStore({
      ...DEFAULT_SETTINGS,
      provider: 'simulator',
      engine: 'live',
    }),
    secrets: new MemorySecretStore(null),
    simulator: { live: { speed: 5 } },
  });
  controllers.push(controller);
  const audioBytes: number[] = [];
  const transcripts: TranscriptMessage[] = [];
  const calls: ToolCallMessage[] = [];
  controller.on('output-audio', (m) => audioBytes.push(m.pcm.byteLength));
  controller.on('transcript', (t) => transcripts.push(t));
  controller.assistant.on('tool-call', (c) => calls.push(c));
  return { controller, audioBytes, transcripts, calls };
}

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

function tone(ms: number): Uint8Array {
  const samples = (24_000 * ms) / 1000;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(9000 * Math.sin(i / 4)), i * 2);
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

describe('GPT-Live against the simulator', () => {
  it('a typed message naming a tool: delegated call, tool output, one continuation, the result spoken', async () => {
    const { controller, audioBytes, transcripts, calls } = make();
    expect((await controller.connect()).ok).toBe(true);
    await until(() => controller.snapshot().health.state === 'ready');
    expect(controller.sendText('Please use get_current_time now').ok).toBe(true);
    await until(() => calls.some((c) => c.status === 'done'));
    expect(calls.find((c) => c.status === 'done')).toMatchObject({ tool: 'get_current_time' });
    await until(() => audioBytes.length > 0);
    await until(() => transcripts.some((t) => t.role === 'assistant' && t.final));
    const simulator = controller.embeddedSimulator!;
    expect(simulator).not.toBeNull();
  }, 30_000);

  it('push-to-talk by unmute/mute gets a spoken reply; disconnect closes the session politely', async () => {
    const { controller, audioBytes } = make();
    const wire: string[] = [];
    controller.tapWire((r) => {
      if (!r.type.includes('audio.append') && !r.type.includes('output_audio'))
        wire.push(`${r.direction} ${r.type}`);
    });
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    controller.talkStart('hotkey');
    for (let i = 0; i < 40; i++) controller.pushAudioFrame(tone(20));
    controller.talkStop('hotkey');
    await until(() => audioBytes.length > 0, 15_000);
    await until(() => controller.snapshot().health.state === 'speaking' || audioBytes.length > 3);
    await controller.disconnect();
    expect(controller.snapshot().health.state).toBe('offline');
    await until(() => wire.includes('received session.closed'));
    expect(wire).toEqual(
      expect.arrayContaining([
        'sent session.input_audio.unmute',
        'received session.input_audio.unmuted',
        'sent session.input_audio.mute',
        'sent session.close',
      ]),
    );
    expect(wire).not.toContain('sent input_audio_buffer.commit');
  }, 30_000);

  it('the default backend model has a price: delegated turns cost tokens × its published rates, never "unknown"', async () => {
    const { controller, calls } = make();
    const usage: UsageMessage[] = [];
    controller.assistant.on('usage', (u) => usage.push(u));
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');
    controller.sendText('Please use get_current_time now');
    await until(() => calls.some((c) => c.status === 'done'));
    await until(() => usage.length >= 2); // the call's response and its continuation
    const price = DEFAULT_PRICES[DEFAULT_BACKEND_MODEL]!;
    for (const turn of usage) {
      expect(turn.model).toBe(DEFAULT_BACKEND_MODEL);
      expect(turn.turn.inputText + turn.turn.outputText).toBeGreaterThan(0);
      const expected =
        ((turn.turn.inputText - turn.turn.inputCached) * price.textInput +
          turn.turn.inputCached * price.textCachedInput +
          turn.turn.outputText * price.textOutput) /
        1e6;
      expect(turn.turnCost).not.toBeNull();
      expect(turn.turnCost!).toBeCloseTo(expected, 12);
    }
    expect(usage.at(-1)!.sessionCost).not.toBeNull();
  }, 30_000);

  it('an MCP tool on the backend: the simulator asks for approval, Hark’s prompt answers, the result is spoken', async () => {
    const { controller, transcripts } = make({
      settings: new MemoryAssistantSettingsStore({
        ...structuredClone(DEFAULT_ASSISTANT_SETTINGS),
        mcpServers: [mcpServerSchema.parse({ label: 'docs', url: 'https://mcp.example.com/mcp' })],
      }),
    });
    const approvals: ApprovalRequest[] = [];
    controller.assistant.on('approval-request', (r) => approvals.push(r));
    const wire: string[] = [];
    controller.tapWire((r) => {
      if (r.direction === 'sent' && r.type === 'response.item.create')
        wire.push(JSON.stringify((r.event as unknown as { item: unknown }).item));
    });
    await controller.connect();
    await until(() => controller.snapshot().health.state === 'ready');

    controller.sendText('Please use echo text=hello-mcp');
    await until(() => approvals.length === 1);
    expect(approvals[0]).toMatchObject({ tool: 'docs:echo', source: 'mcp', server: 'docs' });
    await until(() => controller.snapshot().health.state === 'awaiting-approval');
    controller.assistant.answerApproval({ id: approvals[0]!.id, decision: 'once' });
    await until(() =>
      transcripts.some(
        (t) => t.role === 'assistant' && /The echo tool returned: hello-mcp/.test(t.text),
      ),
    );
    expect(wire.filter((w) => w.includes('mcp_approval_response'))).toEqual([
      expect.stringContaining('"approve":true'),
    ]);

    // Denied: the model is told, and says so.
    controller.sendText('Now use echo text=again');
    await until(() => approvals.length === 2);
    controller.assistant.answerApproval({ id: approvals[1]!.id, decision: 'deny' });
    await until(() =>
      transcripts.some(
        (t) => t.role === 'assistant' && /The echo call was not approved/.test(t.text),
      ),
    );
  }, 30_000);
});
