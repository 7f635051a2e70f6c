import type { AppInfo, DesktopAppApi } from '@shared/ipc';

/**
 * The desktop app's own state (window.harkApp): version, start at login, update checks and
 * the update under way. Absent in the web preview: `available` is false and nothing shows.
 */
export class AppStore {
  info = $state<AppInfo | null>(null);
  /** The last call that failed, in plain words (shown beside the control). */
  problem = $state<string | null>(null);
  /** "Restart to update" was chosen during a conversation: it happens when it ends. */
  restartPending = $state(false);

  constructor(private readonly api: DesktopAppApi | undefined) {
    if (!api) return;
    api.onInfo((info) => (this.info = info));
    void api.getInfo().then(
      (info) => (this.info = info),
      (error: unknown) => (this.problem = describe(error)),
    );
  }

  get available(): boolean {
    return this.api !== undefined;
  }

  setOpenAtLogin(openAtLogin: boolean): Promise<void> {
    return this.run(() => this.api!.setPreferences({ openAtLogin }));
  }

  setCheckForUpdates(checkForUpdates: boolean): Promise<void> {
    return this.run(() => this.api!.setPreferences({ checkForUpdates }));
  }

  checkNow(): Promise<void> {
    return this.run(() => this.api!.checkForUpdates());
  }

  openLogsFolder(): Promise<void> {
    return this.run(() => this.api!.openLogsFolder());
  }

  async restartToUpdate(): Promise<void> {
    if (!this.api) return;
    const result = await this.api.restartToUpdate();
    this.problem = result.ok ? null : (result.error ?? 'The update could not be installed.');
    this.restartPending = result.ok && result.deferred === true;
  }

  private async run(call: () => Promise<{ ok: boolean; error?: string }>): Promise<void> {
    if (!this.api) return;
    try {
      const result = await call();
      this.problem = result.ok ? null : (result.error ?? 'That did not work.');
    } catch (error) {
      this.problem = describe(error);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let shared: AppStore | null = null;

/** The one store of the page, on window.harkApp (created on first use). */
export function appStore(): AppStore {
  shared ??= new AppStore(typeof window === 'undefined' ? undefined : window.harkApp);
  return shared;
}
