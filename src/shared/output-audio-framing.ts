import type { OutputAudioMessage } from './ipc';

/**
 * Reply audio over Electron IPC carries exactly the audio bytes: the item id travels once
 * per item on its own channel (`IPC.outputItem`), and each delta is the bare PCM
 * (`IPC.outputAudio`). A 20 ms delta is 960 bytes; with the id and key names beside it the
 * message was 5.7 % larger. Both channels go through one webContents in order, so the
 * receiver always knows which item a delta belongs to; a page that (re)loads says so
 * first (`IPC.outputReset`) and drops bare audio until it hears an id.
 */

/** Main's half: per receiver, the id of the item it was last told about. */
export class OutputAudioFramer<Target extends object> {
  private readonly told = new WeakMap<Target, string>();

  /** `target` has a new page (it says so on IPC.outputReset): tell it the item id again. */
  forget(target: Target): void {
    this.told.delete(target);
  }

  /** What to send `target` for this delta: the item id first when it is new to it. */
  frames(target: Target, message: OutputAudioMessage): readonly OutputAudioFrame[] {
    if (this.told.get(target) === message.itemId) return [{ kind: 'audio', pcm: message.pcm }];
    this.told.set(target, message.itemId);
    return [
      { kind: 'item', itemId: message.itemId },
      { kind: 'audio', pcm: message.pcm },
    ];
  }
}

export type OutputAudioFrame =
  { kind: 'item'; itemId: string } | { kind: 'audio'; pcm: Uint8Array };

/** The window's half (in the preload): puts the id back beside each delta. */
export class OutputAudioAssembler {
  private itemId: string | null = null;

  item(itemId: unknown): void {
    if (typeof itemId === 'string') this.itemId = itemId;
  }

  /** The message for the renderer, or null for audio that came before any item (dropped). */
  audio(pcm: unknown): OutputAudioMessage | null {
    if (this.itemId === null || !(pcm instanceof Uint8Array)) return null;
    return { itemId: this.itemId, pcm };
  }
}
