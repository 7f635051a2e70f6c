import { describe, expect, it } from 'vitest';
import { askForAccessibility } from '../../../src/renderer/src/state/accessibility';

describe('askForAccessibility', () => {
  it('says what to do next, whatever main answers', async () => {
    expect(
      await askForAccessibility({
        requestAccessibility: async () => ({ ok: true, granted: true }),
      }),
    ).toMatch(/now works in other apps/);
    expect(
      await askForAccessibility({
        requestAccessibility: async () => ({ ok: true, granted: false }),
      }),
    ).toMatch(/Privacy & Security → Accessibility.*come back/);
    expect(
      await askForAccessibility({
        requestAccessibility: async () => ({ ok: false, error: 'not needed here' }),
      }),
    ).toBe('not needed here');
    expect(
      await askForAccessibility({
        requestAccessibility: () => Promise.reject(new Error('IPC closed')),
      }),
    ).toMatch(/could not ask macOS.*IPC closed/);
  });
});
