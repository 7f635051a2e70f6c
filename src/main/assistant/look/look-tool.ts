import { z } from 'zod';
import { describeImageFacts } from '../../../shared/image-attachment';
import { defineTool, type Tool } from '../tools/tool';
import type { ImageShare } from './image-share';

export const LOOK_TOOL_NAME = 'look_at_screen';

/** Long enough for the user to look at the picture and decide; then the call gives up. */
const LOOK_TIMEOUT_MS = 5 * 60_000;

/**
 * `look_at_screen`: the model asks to see the screen. The capture stays on the machine until
 * the user approved that very picture (image-share.ts asks, showing it), so the tool itself
 * runs without the usual approval — one question, with the image in it, not two.
 */
export function lookAtScreenTool(capture: () => Promise<string>, share: ImageShare): Tool {
  return defineTool({
    name: LOOK_TOOL_NAME,
    description:
      "Take a picture of the user's screen and look at it, when they ask you to look at or help with something on their screen. The user sees the exact picture and approves it first; if they decline, do not ask again unless they do.",
    parameters: z.object({}),
    approval: 'auto',
    timeoutMs: LOOK_TIMEOUT_MS,
    describe: () => 'Look at your screen',
    run: async (_args, { signal, waitingForUser }) => {
      // Not captured at all while an image waits (or none can be sent): a model calling
      // in a loop or in parallel costs no screen captures.
      const result = await share
        .offerCapture(
          async () => {
            const dataUrl = await capture();
            waitingForUser?.(true);
            return dataUrl;
          },
          'tool',
          { respond: false, signal },
        )
        .finally(() => waitingForUser?.(false));
      if (result.ok)
        return `The user approved: the picture of their screen (${describeImageFacts(result.image)}) is in the conversation as their message just before this result.`;
      if (result.outcome === 'denied')
        return 'The user declined to show their screen. Do not ask again unless they do.';
      throw new Error(result.error);
    },
  });
}
