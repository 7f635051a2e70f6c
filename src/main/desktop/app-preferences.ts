/**
 * The desktop app's own preferences (not the assistant's settings): whether to look for
 * updates. `app.json` in the user-data folder; a damaged file gives the defaults and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

const fileSchema = z.object({ checkForUpdates: z.boolean().default(true) });

export interface StoredAppPreferences {
  checkForUpdates: boolean;
}

export class AppPreferencesFile {
  private value: StoredAppPreferences = { checkForUpdates: true };
  /** Why the file was not used (it was reset to the defaults); null when it was fine. */
  readonly problem: string | null = null;

  constructor(private readonly path: string) {
    if (!existsSync(path)) return;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) this.value = parsed.data;
      else this.problem = `${path} was not valid and the defaults are used.`;
    } catch (error) {
      this.problem = `${path} could not be read (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'}); the defaults are used.`;
    }
  }

  get(): StoredAppPreferences {
    return { ...this.value };
  }

  save(update: Partial<StoredAppPreferences>): void {
    const next = { ...this.value, ...update };
    writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
    this.value = next;
  }
}
