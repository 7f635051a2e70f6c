import { describeImageFacts } from '@shared/image-attachment';
import type { ImageShareResult } from '@shared/assistant-ipc';
import type { HarkApi } from '@shared/ipc';
import { prepareImage, type ImageCodec } from '../images/prepare-image';
import type { TranscriptStore } from './transcript.svelte';

/**
 * "Look at this" in the window: a pasted or dropped image (scaled here), or "Show Hark my
 * screen" (captured by main), goes to main, which asks the user with the exact image; the
 * outcome is said aloud and an "Image sent" entry joins the transcript.
 */
export class LookStore {
  /** An image is being prepared or waits for the user's answer. */
  busy = $state(false);
  /** Why the last image was not sent (shown until the next one). */
  problem = $state<string | null>(null);
  private sent = 0;

  constructor(
    private readonly api: Pick<HarkApi, 'attachImage' | 'lookAtScreen'>,
    private readonly transcript: Pick<TranscriptStore, 'apply'>,
    private readonly say: (text: string) => void,
    private readonly codec?: ImageCodec,
  ) {}

  /** A pasted or dropped file: refused clearly unless it is an image Hark can send. */
  async attach(file: Blob | null, source: 'paste' | 'drop'): Promise<void> {
    if (!file) return this.refuse('Nothing to attach: paste or drop an image file.');
    if (this.busy) return this.refuse('One image at a time: answer the one waiting first.');
    this.busy = true;
    try {
      const prepared = await prepareImage(file, this.codec);
      if (!prepared.ok) return this.refuse(prepared.error);
      this.problem = null;
      this.say(
        `Image attached (${describeImageFacts(prepared.image)}): check it, then allow or deny sending it.`,
      );
      this.settle(await this.api.attachImage({ dataUrl: prepared.image.dataUrl, source }));
    } catch (error) {
      this.refuse(
        `The image could not be sent: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.busy = false;
    }
  }

  /** "Show Hark my screen" (desktop): main captures and asks. */
  async lookAtScreen(): Promise<void> {
    if (this.busy) return this.refuse('One image at a time: answer the one waiting first.');
    this.busy = true;
    this.problem = null;
    this.say('Capturing your screen: check the picture, then allow or deny sending it.');
    try {
      this.settle(await this.api.lookAtScreen());
    } catch (error) {
      // The bridge or IPC failed: said, not left as an unhandled rejection in silence.
      this.refuse(
        `The screen could not be shown: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.busy = false;
    }
  }

  private settle(result: ImageShareResult): void {
    if (result.ok) {
      // The transcript entry is read out by the window's announcer ("You: Image sent …").
      this.transcript.apply({
        role: 'user',
        itemId: `image-${++this.sent}-${result.image.sha256.slice(0, 12)}`,
        text: `🖼 Image sent (${describeImageFacts(result.image)})`,
        final: true,
      });
      return;
    }
    if (result.declined) {
      this.problem = 'Image declined: nothing was sent.';
      this.say(this.problem);
      return;
    }
    this.refuse(result.error);
  }

  private refuse(error: string): void {
    this.problem = error;
    this.say(error);
  }
}
