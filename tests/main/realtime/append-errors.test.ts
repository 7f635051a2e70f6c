import { afterEach, describe, expect, it } from 'vitest';
import type { NoticeMessage } from '../../../src/shared/ipc';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';
import { greet, startTestServer, type TestServer } from '../../support/servers';

let controller: VoiceController | null = null;
let server: TestServer | null = null;
afterEach(async () => {
  await controller?.dispose();
  await server?.close();
});

describe('a server that refuses every audio append', () => {
  it('raises one notice for the burst, not one per frame', async () => {
    server = await startTestServer({
      onSocket: (socket) =>
        greet(socket, (event) => {
          if (event.type !== 'input_audio_buffer.append') return;
          socket.send(
            JSON.stringify({
              type: 'error',
              event_id: `evt_err_${Math.random()}`,
              error: {
                type: 'invalid_request_error',
                code: 'invalid_value',
                message: 'Invalid audio.',
                event_id: event.event_id,
              },
            }),
          );
        }),
    });
    controller = new VoiceController({
      settings: new MemorySettingsStore({
        ...DEFAULT_SETTINGS,
        provider: 'custom',
        customUrl: server.url,
        turnDetection: 'server_vad',
      }),
      secrets: new MemorySecretStore(),
    });
    const notices: NoticeMessage[] = [];
    controller.on('notice', (n) => notices.push(n));
    await controller.connect();
    for (let i = 0; i < 40; i++) controller.pushAudioFrame(new Uint8Array(960).fill(1));
    await expect
      .poll(() => server!.received.filter((f) => f.includes('input_audio_buffer.append')).length)
      .toBe(40);
    await new Promise((r) => setTimeout(r, 100)); // the 40 errors come back
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'error', title: 'The server reported an error' });
    expect(notices[0]!.text).toMatch(/Invalid audio/);
  });
});
