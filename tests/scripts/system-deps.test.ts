import { describe, expect, it } from 'vitest';
import { installPlan, missingPrerequisites } from '../../scripts/system-deps.mjs';

const linux = {
  platform: 'linux' as const,
  hasApt: true,
  hasBrew: false,
  isRoot: false,
  hasSudo: false,
};

describe('the test prerequisites', () => {
  it('finds what is missing', () => {
    expect(
      missingPrerequisites(
        'linux',
        () => false,
        () => false,
      ),
    ).toEqual(['chromium', 'espeak-ng', 'sox']);
    expect(
      missingPrerequisites(
        'linux',
        (c) => c === 'sox',
        (p) => p === '/usr/bin/chromium',
      ),
    ).toEqual(['espeak-ng']);
    expect(
      missingPrerequisites(
        'darwin',
        () => true,
        () => true,
      ),
    ).toEqual([]);
  });

  it('counts any browser the e2e lookup would find as Chromium', () => {
    const none = () => false;
    const onPath = (name: string) => name === 'google-chrome-stable';
    expect(missingPrerequisites('linux', onPath, none, {})).not.toContain('chromium');
    expect(
      missingPrerequisites('darwin', none, (p) => p.includes('Google Chrome'), {}),
    ).not.toContain('chromium');
    // HARK_CHROMIUM decides alone, as in the lookup: a wrong path is missing.
    expect(
      missingPrerequisites(
        'linux',
        () => true,
        (p) => p !== '/nope',
        { HARK_CHROMIUM: '/nope' },
      ),
    ).toEqual(['chromium']);
    expect(
      missingPrerequisites('linux', none, (p) => p === '/opt/c', { HARK_CHROMIUM: '/opt/c' }),
    ).not.toContain('chromium');
  });

  it('installs with apt-get as root or with passwordless sudo', () => {
    expect(installPlan(['sox'], { ...linux, isRoot: true }).run).toEqual([
      ['apt-get', 'update', '-qq'],
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'sox',
      ],
    ]);
    expect(
      installPlan(['sox', 'chromium'], { ...linux, hasSudo: true }).run![1]!.slice(0, 3),
    ).toEqual(['sudo', '-n', 'env']);
  });

  it('otherwise prints the one exact command', () => {
    expect(installPlan(['espeak-ng', 'sox'], linux)).toEqual({
      run: null,
      show: 'sudo apt-get update && sudo apt-get install -y -qq --no-install-recommends espeak-ng sox',
    });
  });

  it('uses Homebrew on macOS, or says to install it', () => {
    const mac = { ...linux, platform: 'darwin' as const, hasApt: false, hasBrew: true };
    expect(installPlan(['chromium', 'sox'], mac).run).toEqual([
      ['brew', 'install', 'sox'],
      ['brew', 'install', '--cask', 'chromium'],
    ]);
    expect(installPlan(['sox'], { ...mac, hasBrew: false }).show).toMatch(
      /brew\.sh.*brew install sox/,
    );
  });

  it('nothing to do when nothing is missing', () => {
    expect(installPlan([], linux)).toEqual({ run: [], show: null });
  });
});
