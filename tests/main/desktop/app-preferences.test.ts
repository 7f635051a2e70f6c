import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppPreferencesFile } from '../../../src/main/desktop/app-preferences';

describe('app.json (the desktop app’s own preferences)', () => {
  it('defaults to checking for updates, and keeps a change', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hark-app-')), 'app.json');
    const file = new AppPreferencesFile(path);
    expect(file.get()).toEqual({ checkForUpdates: true });
    expect(file.problem).toBeNull();
    file.save({ checkForUpdates: false });
    expect(new AppPreferencesFile(path).get()).toEqual({ checkForUpdates: false });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ checkForUpdates: false });
  });

  it('a damaged file gives the defaults and says so', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hark-app-')), 'app.json');
    writeFileSync(path, '{"checkForUpdates": "sometimes"}');
    const file = new AppPreferencesFile(path);
    expect(file.get()).toEqual({ checkForUpdates: true });
    expect(file.problem).toMatch(/not valid.*defaults/);
    writeFileSync(path, '{not json');
    expect(new AppPreferencesFile(path).problem).toMatch(/could not be read/);
  });
});
