import { Emitter } from '../../../shared/emitter';
import {
  describeImageFacts,
  type ImageFacts,
  type ImageOrigin,
} from '../../../shared/image-attachment';
import type { ApprovalGate, ApprovalOutcome } from '../tools/approvals';
import type { ToolSessionPort } from '../tools/tool-calls';
import { checkImageDataUrl, type CheckedImage } from './image-check';

export interface ImageShareOptions {
  gate: ApprovalGate;
  /** The live session's port (null before the first session). */
  port: () => ToolSessionPort | null;
  /** The connection the port belongs to: an approval dies with it. */
  generation: () => number;
  /** Null when images can be sent now; else why not (GPT-Live takes none yet). */
  unavailable?: () => string | null;
}

export type ShareResult =
  | { ok: true; image: ImageFacts }
  | { ok: false; outcome: ApprovalOutcome | 'unavailable' | 'not-sent'; error: string };

interface ImageShareEvents extends Record<string, unknown> {
  /** An approved image went to the service (the bytes travel for history, never for logs). */
  shared: { image: CheckedImage; origin: ImageOrigin };
}

const WAITING = 'Another image is waiting for your answer: allow or deny it first.';

/** The approval prompt's tool name for each origin (the look tool has its own). */
const TOOL_OF: Record<ImageOrigin, string> = {
  paste: 'share_image',
  drop: 'share_image',
  screen: 'share_screen',
  tool: 'look_at_screen',
};

const WHAT: Record<ImageOrigin, string> = {
  paste: 'the image you pasted',
  drop: 'the image you dropped',
  screen: 'this picture of your screen',
  tool: 'this picture of your screen (the model asked to look)',
};

/**
 * "Look at this": an image reaches the service only after the user approved that very image.
 * Each offer asks afresh (never "always"), showing the data URL that will be sent, its size
 * and format; once approved the same data URL goes as a user message's `input_image`. Deny,
 * an expired request or a lost session send nothing.
 */
export class ImageShare extends Emitter<ImageShareEvents> {
  /** An image waiting for the user's answer: one at a time (each holds up to 720 KB). */
  private waiting = false;

  constructor(private readonly options: ImageShareOptions) {
    super();
  }

  /**
   * The reason images cannot be sent now, or null. Asked before a capture too, so a button
   * pressed again, a page or a model asking in a loop do not capture while one waits.
   */
  unavailable(): string | null {
    const why = this.options.unavailable?.() ?? null;
    if (why) return why;
    if (!this.options.port()) return 'Hark is not connected yet: connect, then try again.';
    return this.waiting ? WAITING : null;
  }

  /**
   * Ask the user, then send. `respond`: ask for a reply at once (a button, a paste); a tool
   * call instead answers its function call and the model goes on from there. `signal`
   * withdraws the question (a tool call cancelled or timed out).
   */
  async offer(
    image: CheckedImage,
    origin: ImageOrigin,
    { respond, signal }: { respond: boolean; signal?: AbortSignal },
  ): Promise<ShareResult> {
    return this.oneAtATime(() => this.ask(image, origin, respond, signal));
  }

  /**
   * Capture (the screen), then ask and send as `offer` does. The turn is taken before the
   * capture: calls at the same moment (a double press, a page or a model calling in
   * parallel) capture once, and the rest are refused.
   */
  async offerCapture(
    capture: () => Promise<string>,
    origin: ImageOrigin,
    { respond, signal }: { respond: boolean; signal?: AbortSignal },
  ): Promise<ShareResult> {
    return this.oneAtATime(async () => {
      let dataUrl: string;
      try {
        dataUrl = await capture();
      } catch (error) {
        return {
          ok: false,
          outcome: 'not-sent',
          error: error instanceof Error ? error.message : String(error),
        };
      }
      const checked = checkImageDataUrl(dataUrl);
      if (!checked.ok) return { ok: false, outcome: 'not-sent', error: checked.error };
      if (signal?.aborted) return { ok: false, outcome: 'expired', error: refusal('expired') };
      return await this.ask(checked.image, origin, respond, signal);
    });
  }

  /** Run `share` as the one image in flight, or refuse at once when images cannot go now. */
  private async oneAtATime(share: () => Promise<ShareResult>): Promise<ShareResult> {
    const why = this.unavailable();
    if (why) return { ok: false, outcome: 'unavailable', error: why };
    this.waiting = true;
    try {
      return await share();
    } finally {
      this.waiting = false;
    }
  }

  private async ask(
    image: CheckedImage,
    origin: ImageOrigin,
    respond: boolean,
    signal: AbortSignal | undefined,
  ): Promise<ShareResult> {
    const generation = this.options.generation();
    const facts = describeImageFacts(image);
    const { id, outcome } = this.options.gate.request(
      {
        tool: TOOL_OF[origin],
        source: 'function',
        summary: `Send ${WHAT[origin]} to the model (${facts})`,
        detail: {
          kind: 'image',
          dataUrl: image.dataUrl,
          format: image.format,
          width: image.width,
          height: image.height,
          bytes: image.bytes,
          sha256: image.sha256,
          origin,
        },
        allowAlways: false,
      },
      generation,
    );
    const withdraw = (): void => {
      if (id) this.options.gate.expire(id);
    };
    signal?.addEventListener('abort', withdraw, { once: true });
    const answer = await outcome.finally(() => signal?.removeEventListener('abort', withdraw));
    if (answer !== 'approved') return { ok: false, outcome: answer, error: refusal(answer) };
    const port = this.options.port();
    // Approved for the session it was asked on: a newer one never receives it.
    if (!port || this.options.generation() !== generation)
      return {
        ok: false,
        outcome: 'not-sent',
        error: 'The connection changed before the image could be sent; it was not sent.',
      };
    const sent = port.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_image', image_url: image.dataUrl }],
      },
    });
    if (sent === null)
      return {
        ok: false,
        outcome: 'not-sent',
        error: 'The session closed before the image could be sent; it was not sent.',
      };
    if (respond) port.requestResponse();
    this.emit('shared', { image, origin });
    const { dataUrl: _bytes, ...shown } = image;
    void _bytes;
    return { ok: true, image: shown };
  }
}

function refusal(outcome: ApprovalOutcome): string {
  switch (outcome) {
    case 'denied':
      return 'You declined: the image was not sent.';
    case 'overflow':
      return 'Too many requests are waiting for your answer: the image was not sent.';
    case 'cancelled':
      return 'The session ended before you answered: the image was not sent.';
    default:
      return 'The request expired before you answered: the image was not sent.';
  }
}
