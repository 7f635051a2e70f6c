import type { HarkApi } from '@shared/ipc';
import type { MemoryChange, MemoryCommand, MemoryView } from '@shared/memory';

/** How long a change's notice (with its Undo) stays up. */
export const MEMORY_NOTICE_MS = 12_000;

/** The memory as the window shows it: main owns it; this mirrors it and sends commands. */
export class MemoryState {
  view = $state<MemoryView | null>(null);
  /** The latest change, for the notice with Undo; null once undone, dismissed or old. */
  change = $state<MemoryChange | null>(null);
  error = $state<string | null>(null);
  private hide: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly api: HarkApi) {}

  connect(): () => void {
    const off = this.api.onMemory(({ memory, change }) => {
      this.view = memory;
      if (change) this.announce(change);
    });
    void this.run({ action: 'list' });
    return () => {
      off();
      if (this.hide) clearTimeout(this.hide);
    };
  }

  /** Send a command; the problem in words, or null. */
  async run(command: MemoryCommand): Promise<string | null> {
    const result = await this.api.memory(command);
    if (!result.ok) return (this.error = result.error);
    this.error = null;
    this.view = result.memory;
    return null;
  }

  async undo(): Promise<void> {
    if (!this.change || this.change.undone) return;
    await this.run({ action: 'undo', changeId: this.change.changeId });
  }

  dismiss(): void {
    this.change = null;
  }

  private announce(change: MemoryChange): void {
    this.change = change;
    if (this.hide) clearTimeout(this.hide);
    this.hide = setTimeout(() => (this.change = null), MEMORY_NOTICE_MS);
  }
}
