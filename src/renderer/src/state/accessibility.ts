import type { HarkApi } from '@shared/ipc';

/**
 * ⚙ → Hotkeys → "Allow hold-to-talk in other apps…" (macOS): ask main to show the system's
 * Accessibility prompt, and say what happens next in plain words.
 */
export async function askForAccessibility(
  api: Pick<HarkApi, 'requestAccessibility'>,
): Promise<string> {
  try {
    const result = await api.requestAccessibility();
    if (!result.ok) return result.error ?? 'Hark could not ask macOS for the permission.';
    if (result.granted) return 'Hold-to-talk now works in other apps too.';
    return 'macOS shows its Accessibility settings: turn on Hark there (System Settings → Privacy & Security → Accessibility), then come back — Hark notices by itself.';
  } catch (error) {
    return `Hark could not ask macOS for the permission (${error instanceof Error ? error.message : String(error)}).`;
  }
}
