import { describe, expect, it, vi } from 'vitest';
import { LookStore } from '../../../src/renderer/src/state/look.svelte';
import type { ImageCodec } from '../../../src/renderer/src/images/prepare-image';
import type { ImageShareResult } from '../../../src/shared/assistant-ipc';

const codec: ImageCodec = {
  decode: async () => ({ width: 100, height: 50, close: () => undefined }),
  encode: async () => new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }),
};
const sent: ImageShareResult = {
  ok: true,
  image: { format: 'png', width: 100, height: 50, bytes: 3, sha256: 'ab'.repeat(32) },
};

function make(answer: ImageShareResult) {
  const api = {
    attachImage: vi.fn(async () => answer),
    lookAtScreen: vi.fn(async () => answer),
  };
  const transcript = { apply: vi.fn() };
  const said: string[] = [];
  const look = new LookStore(api, transcript, (t) => said.push(t), codec);
  return { api, transcript, said, look };
}

describe('LookStore', () => {
  it('says why when asking main to capture fails, and is ready again', async () => {
    const t = make(sent);
    t.api.lookAtScreen.mockRejectedValueOnce(new Error('the bridge closed'));
    await t.look.lookAtScreen();
    expect(t.look.problem).toBe('The screen could not be shown: the bridge closed');
    expect(t.said.at(-1)).toBe('The screen could not be shown: the bridge closed');
    expect(t.look.busy).toBe(false);
  });

  it('attaches a pasted image, says so, and adds "Image sent" to the transcript', async () => {
    const t = make(sent);
    await t.look.attach(new Blob([new Uint8Array(4)], { type: 'image/png' }), 'paste');
    expect(t.api.attachImage).toHaveBeenCalledWith({
      dataUrl: 'data:image/png;base64,AQID',
      source: 'paste',
    });
    expect(t.said).toEqual([
      'Image attached (PNG 100×50, 3 B): check it, then allow or deny sending it.',
    ]);
    expect(t.transcript.apply).toHaveBeenCalledWith(
      expect.objectContaining({
        role: 'user',
        text: '🖼 Image sent (PNG 100×50, 3 B)',
        final: true,
      }),
    );
    expect(t.look.problem).toBeNull();
    expect(t.look.busy).toBe(false);
  });

  it('says a decline and a refusal aloud, and sends nothing for a non-image', async () => {
    const declined = make({
      ok: false,
      declined: true,
      error: 'You declined: the image was not sent.',
    });
    await declined.look.lookAtScreen();
    expect(declined.said.at(-1)).toBe('Image declined: nothing was sent.');
    expect(declined.look.problem).toBe('Image declined: nothing was sent.');

    const t = make(sent);
    await t.look.attach(new Blob(['hi'], { type: 'text/plain' }), 'drop');
    expect(t.api.attachImage).not.toHaveBeenCalled();
    expect(t.look.problem).toMatch(/That is not an image \(text\/plain\)/);
    expect(t.said.at(-1)).toBe(t.look.problem);
    await t.look.attach(null, 'drop');
    expect(t.look.problem).toBe('Nothing to attach: paste or drop an image file.');
  });
});
