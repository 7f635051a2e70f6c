import { afterEach, describe, expect, it } from 'vitest';
import { builtinTools } from '../../../src/main/assistant/tools/builtins';
import { NO_DESKTOP } from '../../../src/main/assistant/tools/desktop-actions';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../../src/main/settings/settings-model';
import { VoiceController } from '../../../src/main/voice/voice-controller';

const controllers: VoiceController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) await c.dispose();
});

describe('the web preview offers only the tools it can run', () => {
  it('has no clipboard, browser or keystroke: only the time and the calculator', () => {
    expect(builtinTools({ desktop: NO_DESKTOP }).map((t) => t.name)).toEqual([
      'get_current_time',
      'calculate',
    ]);
  });

  it('declares just those to the session, built the way the preview builds its core', async () => {
    // src/main/web-preview/cli.ts: a controller without desktop actions.
    const controller = new VoiceController({
      settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS, onboarded: true }),
      secrets: new MemorySecretStore(null),
      simulator: { pacing: 'instant' },
    });
    controllers.push(controller);
    const declared = new Promise<string[]>((resolve) => {
      controller.tapWire(({ direction, event }) => {
        if (direction !== 'sent' || event.type !== 'session.update') return;
        const tools = (event as { session: { tools?: { type: string; name?: string }[] } }).session
          .tools;
        if (tools) resolve(tools.map((t) => t.name ?? t.type));
      });
    });
    await controller.connect();
    // Memory needs no desktop: remember/forget run in the preview too (memory is on by default).
    expect(await declared).toEqual(['get_current_time', 'calculate', 'remember', 'forget']);
  });
});
