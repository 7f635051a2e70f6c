// @vitest-environment happy-dom
/**
 * An MCP server whose stored token no longer fits (its URL or the connection changed) says
 * so beside the server, with a token field read together with that note; saving sends only
 * the label and the token — main binds it.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import AssistantSettings from '../../../src/renderer/src/components/AssistantSettings.svelte';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';
import type { AssistantSettingsView } from '../../../src/shared/assistant-ipc';
import type { HarkApi, SettingsView } from '../../../src/shared/ipc';

afterEach(cleanup);

function view(needsReentry: boolean): AssistantSettingsView {
  return {
    ...DEFAULT_ASSISTANT_SETTINGS,
    mcpServers: [
      {
        label: 'docs',
        url: 'https://mcp.example.com/sse',
        allowedTools: [],
        approval: 'always',
        enabled: true,
        hasAuthorization: !needsReentry,
        authorizationNeedsReentry: needsReentry,
      },
    ],
  };
}

function show(settings: AssistantSettingsView) {
  const saveAssistantSettings = vi.fn(async () => ({ ok: true, needsNewSession: true }));
  render(AssistantSettings, {
    props: {
      api: {
        saveAssistantSettings,
        // ✦ → Memory asks for the memory when shown (tested in the memory e2e).
        memory: async () => ({ ok: false, error: 'not in this test' }),
        onMemory: () => () => undefined,
      } as unknown as HarkApi,
      settings,
      app: { model: 'gpt-realtime', voice: 'marin' } as SettingsView,
      voiceLocked: false,
      online: false,
      simulated: true,
      initialSection: 'tools',
    },
  });
  return { saveAssistantSettings };
}

describe('AssistantSettings: an MCP token to enter again', () => {
  it('says so beside the server and sends the label and the token', async () => {
    const { saveAssistantSettings } = show(view(true));
    const box = screen.getByTestId('mcp-reenter-docs');
    expect(box.textContent).toMatch(/Enter the token for this server again/);
    const field = screen.getByLabelText('Token for docs') as HTMLInputElement;
    const note = document.getElementById(field.getAttribute('aria-describedby')!);
    expect(note?.textContent).toMatch(/Enter the token for this server again/);
    const button = screen.getByRole('button', { name: 'Save token' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await fireEvent.input(field, { target: { value: '  Bearer fresh  ' } });
    expect(button.disabled).toBe(false);
    await fireEvent.click(button);
    await waitFor(() =>
      expect(saveAssistantSettings).toHaveBeenCalledWith({
        mcpAuthorization: { label: 'docs', value: 'Bearer fresh' },
      }),
    );
  });

  it('a token that fits shows no such note, and Save sends the servers without view fields', async () => {
    const { saveAssistantSettings } = show(view(false));
    expect(screen.queryByTestId('mcp-reenter-docs')).toBeNull();
    expect(screen.getByText(/token stored/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('assistant-save'));
    await waitFor(() => expect(saveAssistantSettings).toHaveBeenCalled());
    const update = (saveAssistantSettings.mock.calls[0] as unknown as [Record<string, unknown>])[0];
    expect(update.mcpServers).toEqual([
      {
        label: 'docs',
        url: 'https://mcp.example.com/sse',
        allowedTools: [],
        approval: 'always',
        enabled: true,
      },
    ]);
  });
});
