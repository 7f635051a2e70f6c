import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import Module from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack from '../../scripts/after-pack.mjs';
import { UpdateService } from '../../src/main/desktop/updates';
import type { NoticeMessage, UpdateStatus } from '../../src/shared/ipc';
import { ROOT } from './support/launch-bundle';
import { elfMachine, MACHINE_OF_ARCH, nativeArch } from './support/elf';

// electron-builder for real (--linux --dir), with a stand-in Electron folder instead of the
// download: what `npm run package` puts in front of users, checked file by file.
interface BuilderConfig {
  npmRebuild: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string };
  mac: { entitlements: string; hardenedRuntime: boolean; extendInfo: Record<string, string> };
  linux: { target: { target: string; arch: string[] }[]; maintainer?: string; category: string };
  deb: { depends: string[] };
}
const config = load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
interface ModuleInternals {
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  homepage?: string;
  author?: { name?: string; email?: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * Electron's binary stands in as a script that carries Electron's fuse wire as the real one
 * does: the sentinel, the wire's version (1) and length, then one byte per fuse ('1' on,
 * '0' off), here with Electron's defaults — RunAsNode, NodeOptions, NodeCliInspect and
 * GrantFileProtocolExtraPrivileges on; CookieEncryption, EmbeddedAsarIntegrityValidation,
 * OnlyLoadAppFromAsar and LoadBrowserProcessSpecificV8Snapshot off.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '10110001';
function standInElectron(): Buffer {
  return Buffer.concat([
    Buffer.from('#!/bin/sh\nexit 0\n# '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
    Buffer.from('\n'),
  ]);
}
const ON = 49; // '1'
const OFF = 48; // '0'

/** The asar of today's package must stay at most half of the 17 MB it was (issue 18). */
const ASAR_BUDGET_BYTES = 8.5 * 1000 * 1000;

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
  writeFileSync(join(electronDist, 'electron'), standInElectron(), { mode: 0o755 });
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

  it('is lean: within the size budget, no sources, tests, docs or other systems’ prebuilds', () => {
    const size = statSync(join(app, 'resources', 'app.asar')).size;
    expect(size).toBeLessThanOrEqual(ASAR_BUDGET_BYTES);
    const unpacked = join(app, 'resources', 'app.asar.unpacked');
    const everything = [
      ...files,
      ...readdirSync(unpacked, { recursive: true, encoding: 'utf8' }).map(
        (f) => `/${f.replaceAll('\\', '/')}`,
      ),
    ];
    expect(everything.filter((f) => /\.(m|c)?ts$/.test(f))).toEqual([]);
    expect(everything.filter((f) => /\.md$/i.test(f))).toEqual([]);
    expect(everything.filter((f) => /\/(tests?|__tests__|docs?|examples?)\//.test(f))).toEqual([]);
    expect(everything.filter((f) => /\/(src|libuiohook)\//.test(f))).toEqual([]);
    const prebuilds = everything.filter((f) => /\/prebuilds\/[^/]+\/.+\.node$/.test(f));
    expect(prebuilds.length).toBeGreaterThan(0);
    for (const prebuild of prebuilds) expect(prebuild).toMatch(/\/prebuilds\/linux-x64\//);
    // The main process's own dependencies are bundled into out/main, not shipped as packages.
    expect(files.filter((f) => /^\/node_modules\/[^/]+\/package\.json$/.test(f)).sort()).toEqual([
      '/node_modules/node-gyp-build/package.json',
      '/node_modules/uiohook-napi/package.json',
    ]);
  });

  it('every native module is built for the target architecture (ELF header)', () => {
    const nodes = readdirSync(app, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.node'),
    );
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes)
      expect(elfMachine(readFileSync(join(app, node))), node).toBe(MACHINE_OF_ARCH.x64);
  });

  it('flips the fuses: nothing else can run code as Hark', async () => {
    const wire = await getCurrentFuseWire(join(app, 'hark'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      nodeCliInspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      grantFileProtocolExtraPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
      // Linux: Electron does not check the asar's integrity, and electron-builder embeds no
      // hash to check; macOS and Windows turn it on (the afterPack hook, next test).
      embeddedAsarIntegrityValidation: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      loadBrowserProcessSpecificV8Snapshot:
        wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
    }).toEqual({
      runAsNode: OFF,
      nodeOptions: OFF,
      nodeCliInspect: OFF,
      onlyLoadAppFromAsar: ON,
      cookieEncryption: ON,
      grantFileProtocolExtraPrivileges: OFF,
      embeddedAsarIntegrityValidation: OFF,
      loadBrowserProcessSpecificV8Snapshot: OFF,
    });
  });

  it('macOS and Windows also turn on the embedded asar integrity check (afterPack)', async () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const binary = join(work, `electron-${platform}`);
      writeFileSync(binary, standInElectron());
      await afterPack({
        electronPlatformName: platform,
        packager: {
          addElectronFuses: (_context: unknown, fuses: Parameters<typeof flipFuses>[1]) =>
            flipFuses(binary, fuses),
        },
      });
      const wire = await getCurrentFuseWire(binary);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], platform).toBe(
        platform === 'linux' ? OFF : ON,
      );
      expect(wire.version).toBe(FuseVersion.V1);
    }
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

// Updates, as an installed Hark receives them: electron-updater's own check, download and
// verification code (its downloads go through Electron's net, here a stand-in over Node's
// http: support/electron-net-stand-in.cjs), fed by a 127.0.0.1 server that serves the
// latest-linux.yml and the .deb electron-builder made above, driven by Hark's UpdateService.
describe('updates from the feed electron-builder wrote (latest-linux.yml)', () => {
  const feed = join(work, 'deb');
  let server: Server;
  let base = '';
  const requests: string[] = [];
  /** What the server sends for the package instead of the real bytes (a tampered mirror). */
  let tamper = false;

  beforeAll(async () => {
    const standIn = join(ROOT, 'tests/desktop/support/electron-net-stand-in.cjs');
    const resolveFilename = (Module as unknown as ModuleInternals)._resolveFilename;
    (Module as unknown as ModuleInternals)._resolveFilename = function (request, ...rest) {
      return request === 'electron' ? standIn : resolveFilename.call(this, request, ...rest);
    };
    server = createServer((request, response) => {
      const name = decodeURIComponent(new URL(request.url!, 'http://x').pathname.slice(1));
      requests.push(name);
      const path = join(feed, name);
      if (name.includes('/') || !existsSync(path)) {
        response.writeHead(404).end();
        return;
      }
      let body = readFileSync(path);
      // Tampered: the same size with the last byte changed (one byte when the .deb is empty).
      if (tamper && name.endsWith('.deb'))
        body = body.length
          ? Buffer.concat([body.subarray(0, -1), Buffer.from([body.at(-1)! ^ 0xff])])
          : Buffer.from('x');
      response.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  /** A Hark at `version`, as packaged above (its app-update.yml), pointed at the local feed. */
  async function installedHark(version: string, busy = () => false) {
    const { DebUpdater } = await import('electron-updater');
    const cache = mkdtempSync(join(tmpdir(), 'hark-update-cache-'));
    const adapter = {
      version,
      name: 'Hark',
      isPackaged: true,
      appUpdateConfigPath: join(app, 'resources', 'app-update.yml'),
      userDataPath: cache,
      baseCachePath: cache,
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => undefined,
      onQuit: () => undefined,
    };
    const updater = new DebUpdater(undefined, adapter);
    updater.logger = null;
    // With an app of its own, electron-updater leaves the downloader to the caller: its own
    // (Electron's net underneath), as a packaged Hark uses.
    const { ElectronHttpExecutor } =
      (await import('electron-updater/out/electronHttpExecutor.js')) as {
        ElectronHttpExecutor: new () => unknown;
      };
    Object.assign(updater, { httpExecutor: new ElectronHttpExecutor() });
    updater.setFeedURL({ provider: 'generic', url: base });
    // Installing a .deb needs root and would replace this machine's Hark: recorded instead.
    const installs: unknown[][] = [];
    updater.quitAndInstall = (...args: unknown[]) => void installs.push(args);
    const statuses: UpdateStatus[] = [];
    const notices: NoticeMessage[] = [];
    const logs: string[] = [];
    const service = new UpdateService(updater, {
      currentVersion: version,
      mode: { mode: 'install' },
      enabled: true,
      busy,
      notice: (n) => notices.push(n),
      log: (level, line) => logs.push(`${level} ${line}`),
      status: (s) => statuses.push(s),
    });
    const settled = () => ['ready', 'failed', 'up-to-date'].includes(statuses.at(-1)?.state ?? '');
    const until = async (done: () => boolean): Promise<void> => {
      const end = Date.now() + 30_000;
      while (!done()) {
        if (Date.now() > end)
          throw new Error(`no result: ${JSON.stringify(statuses)}\n${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    return { service, statuses, notices, installs, cache, settled, until, logs };
  }

  it('serves what electron-builder wrote: the .deb with its size and sha512', () => {
    const info = load(readFileSync(join(feed, 'latest-linux.yml'), 'utf8')) as {
      version: string;
      files: { url: string; sha512: string; size: number }[];
    };
    expect(info.version).toBe(pkg.version);
    expect(info.files[0]!.url).toMatch(/^hark_.*_amd64\.deb$/);
    expect(info.files[0]!.sha512).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('an older Hark finds the new version and downloads it in the background, with progress', async () => {
    tamper = false;
    const hark = await installedHark('0.0.1');
    hark.service.start();
    await hark.until(hark.settled);
    expect(hark.statuses.at(-1), hark.logs.join('\n')).toEqual({
      state: 'ready',
      version: pkg.version,
    });
    const progress = hark.statuses.filter((s) => s.state === 'downloading');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ percent: 100 });
    expect(hark.notices.at(-1)).toMatchObject({ title: `Hark ${pkg.version} is ready` });
    const pending = readdirSync(join(hark.cache, 'hark-updater', 'pending')).filter((f) =>
      f.endsWith('.deb'),
    );
    expect(pending).toHaveLength(1);
    // Nothing is installed until the user says so.
    expect(hark.installs).toEqual([]);
    expect(hark.service.restartToUpdate()).toEqual({ ok: true });
    expect(hark.installs).toEqual([[false, true]]);
    hark.service.dispose();
  });

  it('never installs in the middle of a conversation: "Restart to update" waits for its end', async () => {
    tamper = false;
    let talking = true;
    const hark = await installedHark('0.0.1', () => talking);
    hark.service.start();
    await hark.until(hark.settled);
    expect(hark.service.restartToUpdate()).toEqual({ ok: true, deferred: true });
    hark.service.conversationEnded(); // a health change while still talking
    expect(hark.installs).toEqual([]);
    talking = false;
    hark.service.conversationEnded();
    expect(hark.installs).toEqual([[false, true]]);
    hark.service.dispose();
  });

  it('a download that does not match its published sha512 is refused, with a notice', async () => {
    tamper = true;
    const hark = await installedHark('0.0.1');
    hark.service.start();
    await hark.until(hark.settled);
    tamper = false;
    expect(hark.statuses.at(-1)).toMatchObject({ state: 'failed' });
    expect(hark.notices.at(-1)).toMatchObject({
      level: 'warning',
      title: 'Update refused',
      text: expect.stringMatching(/did not match its published checksum.*stays on version 0\.0\.1/),
    });
    expect(hark.service.restartToUpdate()).toMatchObject({ ok: false });
    expect(hark.installs).toEqual([]);
    hark.service.dispose();
  });

  it('an older version on the server is refused (no downgrade), with a notice', async () => {
    tamper = false;
    const from = requests.length;
    const hark = await installedHark('9.0.0');
    hark.service.start();
    await hark.until(hark.settled);
    expect(hark.statuses.at(-1)).toMatchObject({ state: 'up-to-date' });
    expect(hark.notices).toEqual([
      {
        level: 'warning',
        title: 'Update refused',
        text: `The update server offers Hark ${pkg.version}, older than this Hark 9.0.0; it was not installed.`,
      },
    ]);
    // Only the feed was read: the package was never downloaded.
    expect(requests.slice(from).every((r) => r.endsWith('.yml'))).toBe(true);
    hark.service.dispose();
  });
});

describe('packaging configuration', () => {
  it('builds Linux packages for x64 only: uiohook-napi’s linux-arm64 and loong64 prebuilds are x86-64 code', () => {
    for (const target of config.linux.target) expect(target.arch, target.target).toEqual(['x64']);
    // The other systems' prebuilds are what their names say (they ship in those packages).
    const prebuilds = join(ROOT, 'node_modules/uiohook-napi/prebuilds');
    for (const dir of readdirSync(prebuilds).filter((d) => /^(darwin|win32|linux-x64)/.test(d))) {
      const bytes = readFileSync(join(prebuilds, dir, 'uiohook-napi.node'));
      expect(nativeArch(bytes), dir).toBe(dir.split('-')[1]);
    }
    for (const foreign of ['linux-arm64', 'linux-loong64']) {
      const prebuild = join(
        ROOT,
        'node_modules/uiohook-napi/prebuilds',
        foreign,
        'uiohook-napi.node',
      );
      if (existsSync(prebuild)) expect(elfMachine(readFileSync(prebuild)), foreign).toBe(62);
    }
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).not.toMatch(/`arm64` on ARM/);
  });

  it('does not rebuild native modules (uiohook-napi ships N-API prebuilds)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('node_modules/uiohook-napi/**');
  });

  it('has what the .deb needs: homepage, an author with email, the hook libraries', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    // One source for the project's identity: the .deb's Maintainer comes from the author.
    expect(config.linux.maintainer).toBeUndefined();
    expect(config.linux.target[0]!.target).toBe('deb');
    expect(config.linux.target.map((t) => t.target)).toContain('AppImage');
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
