/**
 * Hark's updates, around electron-updater (generic provider; the feed URL comes from the build
 * config's `publish`, written into the package as app-update.yml). Checks at launch and every
 * few hours (unless the user turned checks off), downloads in the background with progress,
 * and installs only when the user says "Restart to update" or at quit — never in the middle of
 * a conversation. A download that does not match its published checksum (or, on Windows, its
 * signature) and an older version offered by the server are refused, with a notice.
 *
 * Which packages update themselves: the Windows installer (NSIS) and the Linux AppImage. A
 * .deb belongs to the package manager and an unsigned macOS app cannot replace itself, so
 * there Hark only says that a new version is out. Unpacked/development runs never check.
 */
import { lt, valid } from 'semver';
import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { NoticeMessage, UpdateStatus } from '../../shared/ipc';

export type UpdateMode =
  { mode: 'install' } | { mode: 'notify'; why: string } | { mode: 'off'; why: string };

export const RELEASES_PAGE = 'https://github.com/hark-voice/hark/releases';

/** What this copy of Hark may do about updates, from how it was installed. */
export function updateMode(options: {
  platform: NodeJS.Platform;
  packaged: boolean;
  env: NodeJS.ProcessEnv;
}): UpdateMode {
  if (!options.packaged)
    return { mode: 'off', why: 'This is a development run: it is not updated.' };
  if (options.platform === 'win32') return { mode: 'install' };
  if (options.platform === 'linux' && options.env.APPIMAGE) return { mode: 'install' };
  if (options.platform === 'linux')
    return {
      mode: 'notify',
      why: 'Your package manager installs Hark (.deb): Hark tells you when a new version is out.',
    };
  if (options.platform === 'darwin')
    return {
      mode: 'notify',
      why: 'This macOS build is not code-signed, so it cannot replace itself: Hark tells you when a new version is out.',
    };
  return { mode: 'off', why: 'Updates are not available on this system.' };
}

export type Updater = Pick<
  AppUpdater,
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
>;

export interface UpdateServiceOptions {
  currentVersion: string;
  mode: UpdateMode;
  /** The user's switch ("Check for updates"). */
  enabled: boolean;
  /** A conversation is under way: no restart now. */
  busy: () => boolean;
  notice: (notice: NoticeMessage) => void;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  status: (status: UpdateStatus) => void;
  intervalMs?: number;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 3600_000;

export class UpdateService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private current: UpdateStatus;
  private enabled: boolean;
  private restartWhenIdle = false;
  /** Versions already refused as downgrades (one notice each). */
  private refused = new Set<string>();

  constructor(
    private readonly updater: Updater,
    private readonly options: UpdateServiceOptions,
  ) {
    this.enabled = options.enabled;
    this.current = this.idleStatus();
    updater.autoDownload = options.mode.mode === 'install';
    // Installing at quit is the other moment the user chose (besides "Restart to update").
    updater.autoInstallOnAppQuit = options.mode.mode === 'install';
    updater.allowDowngrade = false;
    updater.on('checking-for-update', () => this.set({ state: 'checking' }));
    updater.on('update-available', (info) => this.available(info));
    updater.on('update-not-available', (info) => this.notAvailable(info));
    updater.on('download-progress', (progress) => this.progress(progress));
    updater.on('update-downloaded', (event) => this.downloaded(event));
    updater.on('error', (error) => this.failed(error));
  }

  get status(): UpdateStatus {
    return this.current;
  }

  /** Check now and then every few hours (when on and allowed). */
  start(): void {
    this.stopTimer();
    if (this.options.mode.mode === 'off' || !this.enabled) return;
    void this.check();
    this.timer = setInterval(
      () => void this.check(),
      this.options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS,
    );
    this.timer.unref?.();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) {
      this.stopTimer();
      if (this.current.state === 'checking' || this.current.state === 'idle')
        this.set(this.idleStatus());
      return;
    }
    this.set(this.idleStatus());
    this.start();
  }

  /** One check (the switch and the mode allowing); errors become a status, never a throw. */
  async check(): Promise<void> {
    if (this.options.mode.mode === 'off' || !this.enabled) return;
    if (this.current.state === 'downloading' || this.current.state === 'ready') return;
    try {
      const result = await this.updater.checkForUpdates();
      // The background download's failure arrives as an 'error' event (failed(), below);
      // its promise must not also surface as an unhandled rejection.
      result?.downloadPromise?.catch(() => undefined);
    } catch (error) {
      this.failed(error);
    }
  }

  /**
   * "Restart to update": installs the downloaded version now, or — in the middle of a
   * conversation — as soon as it ends (`conversationEnded`).
   */
  restartToUpdate(): { ok: boolean; error?: string; deferred?: boolean } {
    if (this.current.state !== 'ready') return { ok: false, error: 'No update is ready yet.' };
    if (this.options.busy()) {
      this.restartWhenIdle = true;
      this.options.log('info', 'update: restart deferred until the conversation ends');
      return { ok: true, deferred: true };
    }
    this.install();
    return { ok: true };
  }

  /** The conversation ended: a deferred restart happens now. */
  conversationEnded(): void {
    if (this.restartWhenIdle && !this.options.busy() && this.current.state === 'ready')
      this.install();
  }

  dispose(): void {
    this.stopTimer();
  }

  private install(): void {
    this.restartWhenIdle = false;
    this.options.log('info', `update: restarting into ${this.versionOf(this.current)}`);
    // Not silent (the Windows installer shows its progress), and Hark starts again after.
    this.updater.quitAndInstall(false, true);
  }

  private available(info: UpdateInfo): void {
    this.options.log('info', `update: version ${info.version} is available`);
    if (this.options.mode.mode === 'install') {
      this.set({ state: 'downloading', version: info.version, percent: 0 });
      return;
    }
    this.set({ state: 'available', version: info.version, url: RELEASES_PAGE });
    this.options.notice({
      level: 'info',
      title: `Hark ${info.version} is available`,
      text: `Download it from ${RELEASES_PAGE}.`,
    });
  }

  private notAvailable(info: UpdateInfo): void {
    const offered = info.version;
    if (
      valid(offered) &&
      valid(this.options.currentVersion) &&
      lt(offered, this.options.currentVersion)
    ) {
      // electron-updater refuses it (allowDowngrade is off); say so once per version.
      if (!this.refused.has(offered)) {
        this.refused.add(offered);
        const text = `The update server offers Hark ${offered}, older than this Hark ${this.options.currentVersion}; it was not installed.`;
        this.options.log('warn', `update: refused a downgrade: ${text}`);
        this.options.notice({ level: 'warning', title: 'Update refused', text });
      }
    }
    this.set({ state: 'up-to-date', checkedAt: Date.now() });
  }

  private progress(progress: ProgressInfo): void {
    const version = this.versionOf(this.current);
    this.set({ state: 'downloading', version, percent: Math.floor(progress.percent) });
  }

  private downloaded(event: UpdateDownloadedEvent): void {
    this.options.log('info', `update: version ${event.version} downloaded and verified`);
    this.set({ state: 'ready', version: event.version });
    this.options.notice({
      level: 'info',
      title: `Hark ${event.version} is ready`,
      text: 'Choose "Restart to update", or it is installed when you quit Hark.',
    });
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const refusal = refusalOf(message);
    this.options.log('error', `update: ${refusal ?? 'failed'}: ${message.slice(0, 500)}`);
    this.set({ state: 'failed', message: refusal ?? 'The update check failed.' });
    if (refusal)
      this.options.notice({
        level: 'warning',
        title: 'Update refused',
        text: `${refusal} Hark stays on version ${this.options.currentVersion}.`,
      });
  }

  private idleStatus(): UpdateStatus {
    const mode = this.options.mode;
    if (mode.mode === 'off') return { state: 'off', why: mode.why };
    if (!this.enabled) return { state: 'off', why: 'Update checks are turned off.' };
    return { state: 'idle' };
  }

  private versionOf(status: UpdateStatus): string {
    return 'version' in status ? status.version : '';
  }

  private set(status: UpdateStatus): void {
    this.current = status;
    this.options.status(status);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A download refused for its content (not a network failure), in plain words. */
function refusalOf(message: string): string | null {
  if (/sha512 checksum mismatch|checksum mismatch/i.test(message))
    return 'The downloaded update did not match its published checksum, so it was discarded.';
  if (/not signed by the application owner|signature/i.test(message))
    return 'The downloaded update is not signed by Hark’s publisher, so it was discarded.';
  return null;
}
