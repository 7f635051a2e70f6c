import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage } from '@electron/asar';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/launch-bundle';

// electron-builder for real (--linux --dir), with a stand-in Electron folder instead of the
// download: what `npm run package` puts in front of users, checked file by file.
interface BuilderConfig {
  npmRebuild: boolean;
  asarUnpack: string[];
  mac: { entitlements: string; hardenedRuntime: boolean; extendInfo: Record<string, string> };
  linux: { target: string[]; maintainer?: string; category: string };
  deb: { depends: string[] };
}
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  homepage?: string;
  author?: { name?: string; email?: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const work = mkdtempSync(join(tmpdir(), 'hark-package-'));
const app = join(work, 'dist', 'linux-unpacked');
let files: string[] = [];
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const electronDist = join(work, 'electron');
  mkdirSync(electronDist);
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  writeFileSync(join(electronDist, 'version'), version);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      '--dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } },
  );
  if (run.status !== 0) throw new Error(`electron-builder failed:\n${run.stdout}\n${run.stderr}`);
  files = listPackage(join(app, 'resources', 'app.asar'), { isPack: false }).map((f) =>
    f.replaceAll('\\', '/'),
  );
}, 300_000);

describe('the Linux package (electron-builder --linux --dir)', () => {
  it('holds the built app and its runtime dependencies, nothing else', () => {
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/hook-process.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
    ]) {
      expect(files, file).toContain(file);
    }
    // Every built file (the chunks the entries import too), except source maps.
    const built = readdirSync(join(ROOT, 'out'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
      .map(
        (entry) => `/${relative(ROOT, join(entry.parentPath, entry.name)).replaceAll('\\', '/')}`,
      );
    expect(built.length).toBeGreaterThan(8);
    for (const file of built) expect(files, file).toContain(file);
    for (const dependency of Object.keys(pkg.dependencies)) {
      expect(files, dependency).toContain(`/node_modules/${dependency}/package.json`);
    }
    for (const dev of ['electron', 'vite', 'svelte', 'typescript', 'vitest', 'playwright-core']) {
      expect(files, dev).not.toContain(`/node_modules/${dev}`);
    }
    expect(files.filter((f) => /^\/(src|tests|bench|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('unpacks the keyboard hook native module (loaded from outside the archive)', () => {
    const native = join(
      app,
      'resources/app.asar.unpacked/node_modules/uiohook-napi/prebuilds/linux-x64/uiohook-napi.node',
    );
    expect(existsSync(native)).toBe(true);
  });

  it('ships the tray icons and the app icon next to the app', () => {
    for (const state of ['idle', 'ready', 'listening', 'responding', 'attention']) {
      expect(existsSync(join(app, 'resources', `tray-${state}.png`)), state).toBe(true);
      expect(existsSync(join(app, 'resources', `tray-${state}@2x.png`)), state).toBe(true);
    }
    expect(existsSync(join(app, 'resources', 'icon.png'))).toBe(true);
  });
});

// The .deb from the unpacked app above (electron-builder --linux deb --prepackaged), with a
// stand-in fpm (electron-builder would download the real one) that records what
// electron-builder hands it and lets dpkg-deb build the package's control part.
describe('the .deb (electron-builder --linux deb, stand-in fpm)', () => {
  const record = join(work, 'fpm-args.json');
  let deb = '';
  let fpmArgs: string[] = [];
  const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0;
  const field = (name: string): string =>
    spawnSync('dpkg-deb', ['--field', deb, name], { encoding: 'utf8' }).stdout.trim();

  beforeAll(() => {
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'deb',
        '--prepackaged',
        app,
        '--publish',
        'never',
        `-c.directories.output=${join(work, 'deb')}`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          CI: 'true',
          CUSTOM_FPM_PATH: join(ROOT, 'tests/desktop/support/fpm-stand-in.mjs'),
          FPM_STANDIN_RECORD: record,
        },
      },
    );
    if (run.status !== 0) throw new Error(`electron-builder failed:\n${run.stdout}\n${run.stderr}`);
    fpmArgs = JSON.parse(readFileSync(record, 'utf8')) as string[];
    deb = join(work, 'deb', fpmArgs[fpmArgs.indexOf('--package') + 1]!.split(/[\\/]/).at(-1)!);
  }, 150_000);

  const arg = (flag: string): string | undefined => fpmArgs[fpmArgs.indexOf(flag) + 1];

  it('names the maintainer, vendor and homepage from package.json', () => {
    const maintainer = `${pkg.author!.name} <${pkg.author!.email}>`;
    expect(arg('--maintainer')).toBe(maintainer);
    expect(arg('--vendor')).toBe(maintainer);
    expect(arg('--url')).toBe(pkg.homepage);
    expect(arg('--name')).toBe('hark');
    expect(arg('--license')).toBe('MIT');
  });

  it('is the file the README tells Linux users to install', () => {
    const name = deb.split(/[\\/]/).at(-1)!;
    expect(name).toMatch(/^hark_\d+\.\d+\.\d+_(amd64|arm64)\.deb$/);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(
      'sudo apt install ./dist/hark_*_amd64.deb',
    );
  });

  it('depends on the hook libraries and installs into /opt/Hark with a desktop entry', () => {
    const depends = fpmArgs.flatMap((a, i) => (a === '-d' ? [fpmArgs[i + 1]] : []));
    expect(depends).toEqual(config.deb.depends);
    expect(fpmArgs.some((a) => a.endsWith('=/opt/Hark'))).toBe(true);
    expect(fpmArgs.some((a) => a.endsWith('=/usr/share/applications/hark.desktop'))).toBe(true);
    // Electron names its Wayland app id / window class after desktopName, so docks match
    // Hark's windows to that entry (and its icon).
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      desktopName?: string;
    };
    expect(pkg.desktopName).toBe('hark.desktop');
  });

  it.runIf(hasDpkg)('dpkg reads the control fields the user sees (apt show)', () => {
    expect(field('Package')).toBe('hark');
    expect(field('Maintainer')).toBe(`${pkg.author!.name} <${pkg.author!.email}>`);
    expect(field('Homepage')).toBe(pkg.homepage);
    expect(field('Depends')).toMatch(/libxtst6, libxt6, libxrandr2/);
    expect(field('Section')).toBe('sound');
    expect(field('Description')).toMatch(/^Voice assistant for the OpenAI Realtime API\n /);
  });

  it.runIf(hasDpkg)('the install script loads the AppArmor profile (Ubuntu 24.04+)', () => {
    const postinst = spawnSync('dpkg-deb', ['--info', deb, 'postinst'], { encoding: 'utf8' });
    expect(postinst.status).toBe(0);
    expect(postinst.stdout).toMatch(/apparmor/i);
    const contents = spawnSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8' }).stdout;
    expect(contents).toMatch(/usr\/share\/applications\/hark\.desktop/);
  });
});

describe('packaging configuration', () => {
  it('does not rebuild native modules (uiohook-napi ships N-API prebuilds)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('node_modules/uiohook-napi/**');
  });

  it('has what the .deb needs: homepage, an author with email, the hook libraries', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    // One source for the project's identity: the .deb's Maintainer comes from the author.
    expect(config.linux.maintainer).toBeUndefined();
    expect(config.linux.target[0]).toBe('deb');
    expect(config.linux.target).toContain('AppImage');
    for (const lib of ['libxtst6', 'libxt6', 'libxrandr2'])
      expect(config.deb.depends, lib).toContain(lib);
  });

  it('macOS: hardened runtime with the microphone entitlement and usage text', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/voice/);
    const plist = readFileSync(join(ROOT, config.mac.entitlements), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    // No camera: Hark never asks for it.
    expect(plist).not.toMatch(/device\.camera/);
  });
});
