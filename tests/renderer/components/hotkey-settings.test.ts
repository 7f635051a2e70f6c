import { render } from 'svelte/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HarkApi, HotkeyStatus } from '../../../src/shared/ipc';
import HotkeySettings from '../../../src/renderer/src/components/HotkeySettings.svelte';

// The component rendered by Svelte's server renderer (no DOM here): what the ⚙ hotkey
// section shows for a given status. The click's behaviour is askForAccessibility's test.
const status = (change: Partial<HotkeyStatus> = {}): HotkeyStatus => ({
  hold: 'Ctrl+Alt+Space',
  holdActive: true,
  toggle: 'CommandOrControl+Alt+Shift+H',
  toggleActive: true,
  problem: null,
  needsAccessibility: false,
  ...change,
});
const html = (hotkeys: HotkeyStatus): string =>
  render(HotkeySettings, { props: { hotkeys, api: {} as HarkApi } }).body;

beforeEach(() => vi.stubGlobal('navigator', { platform: 'MacIntel' }));
afterEach(() => vi.unstubAllGlobals());

describe('HotkeySettings', () => {
  it('offers the Accessibility prompt while hold-to-talk waits for it (macOS)', () => {
    const body = html(
      status({
        holdActive: false,
        needsAccessibility: true,
        problem: 'macOS needs your permission for hold-to-talk…',
      }),
    );
    expect(body).toMatch(
      /<button[^>]*data-testid="allow-accessibility"[^>]*>\s*Allow hold-to-talk in other apps…\s*<\/button>/,
    );
    expect(body).toMatch(/type="button"/);
    expect(body).toContain('macOS needs your permission');
  });

  it('shows no such button otherwise', () => {
    expect(html(status())).not.toContain('allow-accessibility');
    expect(html(status({ holdActive: false, problem: 'Wayland does not let…' }))).not.toContain(
      'allow-accessibility',
    );
  });
});
