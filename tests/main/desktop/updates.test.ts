import { describe, expect, it } from 'vitest';
import { updateMode } from '../../../src/main/desktop/updates';

// The update flows themselves (found, progress, checksum, downgrade, conversation) run against
// a feed electron-builder wrote, in tests/desktop/packaging.test.ts.
describe('which copies of Hark update themselves', () => {
  const mode = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, packaged = true) =>
    updateMode({ platform, packaged, env }).mode;

  it('the Windows installer and the AppImage install updates; .deb and unsigned macOS only tell', () => {
    expect(mode('win32')).toBe('install');
    expect(mode('linux', { APPIMAGE: '/home/u/Hark.AppImage' })).toBe('install');
    expect(mode('linux')).toBe('notify');
    expect(mode('darwin')).toBe('notify');
  });

  it('development runs never check', () => {
    expect(updateMode({ platform: 'win32', packaged: false, env: {} })).toEqual({
      mode: 'off',
      why: 'This is a development run: it is not updated.',
    });
  });
});
