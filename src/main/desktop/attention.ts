/**
 * A system notification when Hark needs the user while its window is hidden (in the tray,
 * minimized, or behind other windows): the connection failed for good, an approval waits, an
 * update is ready. The OS asks the user's permission for notifications the first time (macOS)
 * or lets them be turned off (Windows, Linux); clicking one shows Hark's window.
 */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface AttentionOptions {
  supported: () => boolean;
  create: (options: { title: string; body: string }) => NotificationLike;
  /** The window is on screen and focused: the window itself tells the user. */
  windowInView: () => boolean;
  showWindow: () => void;
  now?: () => number;
  /** The same title again within this time is not notified again. */
  repeatAfterMs?: number;
}

export class AttentionNotifier {
  private readonly last = new Map<string, number>();

  constructor(private readonly options: AttentionOptions) {}

  /**
   * @param force notify even with the window in view (it cannot show anything: its page died)
   * @returns whether a system notification was shown.
   */
  notify(title: string, body: string, { force = false }: { force?: boolean } = {}): boolean {
    if ((!force && this.options.windowInView()) || !this.options.supported()) return false;
    const now = (this.options.now ?? Date.now)();
    const previous = this.last.get(title);
    if (previous !== undefined && now - previous < (this.options.repeatAfterMs ?? 60_000))
      return false;
    this.last.set(title, now);
    const notification = this.options.create({ title, body: body.slice(0, 300) });
    notification.on('click', () => this.options.showWindow());
    notification.show();
    return true;
  }
}
