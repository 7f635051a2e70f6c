// @vitest-environment happy-dom
/**
 * The engine choice inside the connection form: GPT-Live with its model and backend is saved
 * with the rest; Azure says plainly that GPT-Live is not available there.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SettingsPanel from '../../../src/renderer/src/components/SettingsPanel.svelte';
import type { HarkApi, SettingsView } from '../../../src/shared/ipc';

afterEach(cleanup);

const VIEW: SettingsView = {
  provider: 'openai',
  model: 'gpt-realtime',
  voice: 'marin',
  azureResource: '',
  customUrl: '',
  onboarded: true,
  voiceProcessing: true,
  micDeviceId: '',
  holdHotkey: 'Ctrl+Alt+Space',
  toggleHotkey: 'CommandOrControl+Alt+Shift+H',
  earcons: false,
  turnDetection: 'push-to-talk',
  engine: 'realtime',
  liveModel: 'gpt-live-1.1',
  liveBackendModel: 'gpt-5.6-luna',
  hasKey: true,
  keyForOtherEndpoint: false,
  keyEndpoint: 'openai wss://api.openai.com',
  keyProblem: null,
};

function open(settings: Partial<SettingsView> = {}) {
  const onSave = vi.fn(async (_update: unknown) => null);
  render(SettingsPanel, {
    props: {
      settings: { ...VIEW, ...settings },
      firstRun: false,
      api: {} as HarkApi,
      onSave,
      onClose: vi.fn(),
    },
  });
  return { onSave };
}

describe('EngineChoice', () => {
  it('GPT-Live with its model and backend model is saved with the connection', async () => {
    const { onSave } = open();
    const live = screen.getByRole('radio', { name: /GPT-Live/ }) as HTMLInputElement;
    expect(live.disabled).toBe(false);
    await fireEvent.click(live);
    // (happy-dom has no `:checked` for options, which Svelte's select binding reads: the
    // model list is checked by its options, the saved value by its default.)
    const model = screen.getByLabelText('GPT-Live model') as HTMLSelectElement;
    expect([...model.options].map((o) => o.value)).toEqual(['gpt-live-1.1', 'gpt-live-1']);
    const backend = screen.getByLabelText(/Backend model/) as HTMLInputElement;
    await fireEvent.input(backend, { target: { value: 'gpt-5-mini' } });
    expect(screen.getByTestId('engine-note').textContent).toMatch(
      /same key .*\/v1\/live\/sessions/,
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Save and connect' }));
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({
        engine: 'live',
        liveModel: 'gpt-live-1.1',
        liveBackendModel: 'gpt-5-mini',
      }),
    );
  });

  it('on Azure, GPT-Live cannot be picked and the form says why', () => {
    open({ provider: 'azure', keyEndpoint: null });
    expect((screen.getByRole('radio', { name: /GPT-Live/ }) as HTMLInputElement).disabled).toBe(
      true,
    );
    expect(screen.getByTestId('engine-note').textContent).toMatch(/not available on Azure/);
    expect(screen.getByRole('group', { name: 'Voice engine' })).toBeTruthy();
  });
});
