import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { AppInfo, DesktopAppApi, UpdateStatus } from '../../../src/shared/ipc';
import AppSettings from '../../../src/renderer/src/components/AppSettings.svelte';
import UpdateBanner from '../../../src/renderer/src/components/UpdateBanner.svelte';
import { AppStore } from '../../../src/renderer/src/state/app.svelte';

const INFO: AppInfo = {
  name: 'Hark',
  version: '0.1.0',
  electron: '45.6.1',
  chrome: '142.0.0.0',
  node: '22.20.0',
  licence: 'MIT',
  logsFolder: '/home/u/.config/Hark/logs',
  crashDumps: '/home/u/.config/Hark/Crashpad',
  preferences: { openAtLogin: false, checkForUpdates: true },
  loginItemSupported: true,
  update: { state: 'idle' },
};

/** A recording window.harkApp: every call is kept, answers are scripted. */
function fakeApi(answers: Partial<Record<keyof DesktopAppApi, unknown>> = {}, info = INFO) {
  const calls: [string, unknown][] = [];
  const answer = (name: keyof DesktopAppApi, arg?: unknown) => {
    calls.push([name, arg]);
    return Promise.resolve(answers[name] ?? { ok: true });
  };
  const api: DesktopAppApi = {
    getInfo: () => Promise.resolve(info),
    setPreferences: (update) => answer('setPreferences', update) as never,
    checkForUpdates: () => answer('checkForUpdates') as never,
    restartToUpdate: () => answer('restartToUpdate') as never,
    openLogsFolder: () => answer('openLogsFolder') as never,
    onInfo: () => () => undefined,
  };
  return { api, calls };
}

function storeWith(update: UpdateStatus, api = fakeApi().api): AppStore {
  const store = new AppStore(api);
  store.info = { ...INFO, update };
  return store;
}

describe('AppSettings (⚙ → App)', () => {
  it('shows start at login (off by default), update checks, the logs folder and About', () => {
    const { body } = render(AppSettings, {
      props: { store: storeWith({ state: 'up-to-date', checkedAt: 1 }) },
    });
    expect(body).toMatch(/Start Hark at login/);
    expect(body).toMatch(/Check for updates/);
    expect(body).toMatch(/Open logs folder/);
    expect(body).toMatch(/Hark is up to date\./);
    expect(body).toMatch(/0\.1\.0 · Electron 45\.6\.1 · Chromium 142\.0\.0\.0 · MIT licence/);
    // The login switch is unchecked, the update switch checked.
    const boxes = [...body.matchAll(/<input type="checkbox"([^>]*)>/g)].map((m) => m[1]);
    expect(boxes[0]).not.toMatch(/checked/);
    expect(boxes[1]).toMatch(/checked/);
  });

  it('says why updates are off, and shows nothing at all without the desktop app (web preview)', () => {
    const off = render(AppSettings, {
      props: {
        store: storeWith({ state: 'off', why: 'This is a development run: it is not updated.' }),
      },
    });
    expect(off.body).toMatch(/development run/);
    expect(off.body).not.toMatch(/Check now/);
    expect(render(AppSettings, { props: { store: new AppStore(undefined) } }).body).not.toMatch(
      /app-settings/,
    );
  });
});

describe('UpdateBanner', () => {
  it('shows the download’s progress, then "Restart to update"', () => {
    const downloading = render(UpdateBanner, {
      props: { store: storeWith({ state: 'downloading', version: '0.2.0', percent: 42 }) },
    }).body;
    expect(downloading).toMatch(/Downloading Hark 0\.2\.0/);
    expect(downloading).toMatch(/<progress[^>]*value="42"/);
    const ready = render(UpdateBanner, {
      props: { store: storeWith({ state: 'ready', version: '0.2.0' }) },
    }).body;
    expect(ready).toMatch(/Hark 0\.2\.0 is ready/);
    expect(ready).toMatch(/Restart to update/);
    expect(
      render(UpdateBanner, { props: { store: storeWith({ state: 'idle' }) } }).body,
    ).not.toMatch(/data-testid="update"/);
  });
});

describe('AppStore', () => {
  it('sends each switch as one validated preference; a refusal is shown in plain words', async () => {
    const { api, calls } = fakeApi({
      setPreferences: {
        ok: false,
        error: 'Starting at login is not available in this copy of Hark.',
      },
    });
    const store = new AppStore(api);
    await store.setOpenAtLogin(true);
    expect(calls).toEqual([['setPreferences', { openAtLogin: true }]]);
    expect(store.problem).toMatch(/not available/);
  });

  it('"Restart to update" during a conversation: pending until it ends', async () => {
    const ready: UpdateStatus = { state: 'ready', version: '0.2.0' };
    const { api } = fakeApi(
      { restartToUpdate: { ok: true, deferred: true } },
      { ...INFO, update: ready },
    );
    const store = storeWith(ready, api);
    await store.restartToUpdate();
    expect(store.restartPending).toBe(true);
    const { body } = render(UpdateBanner, { props: { store } });
    expect(body).toMatch(/installed when this conversation ends/);
    expect(body).not.toMatch(/Restart to update/);
  });
});
