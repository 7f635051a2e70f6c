// @vitest-environment happy-dom
/**
 * The connection settings form (SettingsPanel.svelte) in a DOM: a save that fails shows its
 * error and gives Save back; the key's problems are shown beside the key field and read with
 * it (aria-describedby).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SettingsPanel from '../../../src/renderer/src/components/SettingsPanel.svelte';
import type { HarkApi, SettingsView } from '../../../src/shared/ipc';

afterEach(cleanup);

const VIEW: SettingsView = {
  provider: 'custom',
  model: 'gpt-realtime',
  voice: 'marin',
  azureResource: '',
  customUrl: 'wss://relay.example/v1/realtime',
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
  keyEndpoint: 'custom wss://relay.example',
  keyProblem: null,
};

function panel(
  settings: Partial<SettingsView>,
  onSave: (update: unknown) => Promise<string | null>,
) {
  const onClose = vi.fn();
  render(SettingsPanel, {
    props: {
      settings: { ...VIEW, ...settings },
      firstRun: false,
      api: {} as HarkApi,
      onSave,
      onClose,
    },
  });
  const save = screen.getByRole('button', { name: 'Save and connect' }) as HTMLButtonElement;
  const key = screen.getByLabelText(/API key/) as HTMLInputElement;
  return { save, key, onClose };
}

describe('SettingsPanel', () => {
  it('a save that main refuses shows why, keeps the form open and gives Save back', async () => {
    let answer!: (error: string | null) => void;
    const onSave = vi.fn(() => new Promise<string | null>((resolve) => (answer = resolve)));
    const { save, onClose } = panel({}, onSave);
    await fireEvent.click(save);
    expect(save.disabled).toBe(true);
    answer('The settings could not be saved (EROFS: read-only file system); nothing was changed.');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/read-only file system/);
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(onClose).not.toHaveBeenCalled();
  });

  it('a save that throws shows the failure and gives Save back too', async () => {
    const { save, onClose } = panel({}, () => Promise.reject(new Error('IPC channel closed')));
    await fireEvent.click(save);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /could not be saved: IPC channel closed/,
    );
    await waitFor(() => expect(save.disabled).toBe(false));
    expect(onClose).not.toHaveBeenCalled();
  });

  it('a save that works closes the form and shows no error', async () => {
    const { save, onClose } = panel({}, () => Promise.resolve(null));
    await fireEvent.click(save);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the key binding problem beside the key field, read with it', () => {
    const problem =
      'Your saved key could not be updated for this version of Hark (EACCES), so it is not sent anywhere: enter the key for this endpoint again.';
    const { key } = panel({ keyProblem: problem }, () => Promise.resolve(null));
    const note = screen.getByTestId('key-problem');
    expect(note.textContent).toBe(problem);
    expect(key.getAttribute('aria-describedby')?.split(' ')).toContain(note.id);
  });

  it('a key entered for another endpoint says so, associated with the field', () => {
    const { key } = panel(
      { keyEndpoint: 'openai wss://api.openai.com', keyProblem: 'could not be updated' },
      () => Promise.resolve(null),
    );
    const elsewhere = screen.getByTestId('key-elsewhere');
    expect(elsewhere.textContent).toMatch(/Enter the key for this endpoint/);
    expect(key.getAttribute('aria-describedby')?.split(' ').sort()).toEqual(
      ['key-elsewhere', 'key-problem'].sort(),
    );
  });

  it('no note, no description', () => {
    const { key } = panel({}, () => Promise.resolve(null));
    expect(key.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByTestId('key-problem')).toBeNull();
  });
});
