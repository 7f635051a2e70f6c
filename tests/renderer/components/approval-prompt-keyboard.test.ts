// @vitest-environment happy-dom
/**
 * The approval prompt by keyboard: Escape denies (nothing is sent), and once the prompt goes
 * the focus returns to where it was instead of falling to <body>.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ApprovalPrompt from '../../../src/renderer/src/components/ApprovalPrompt.svelte';
import type { ApprovalRequest } from '../../../src/shared/assistant';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const imageRequest: ApprovalRequest = {
  id: 'appr_1',
  source: 'function',
  tool: 'share_image',
  summary: 'Send the image you pasted to the model (PNG 1×1, 68 B)',
  allowAlways: false,
  detail: {
    kind: 'image',
    dataUrl:
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    format: 'png',
    width: 1,
    height: 1,
    bytes: 68,
    sha256: 'a'.repeat(64),
    origin: 'paste',
  },
};

describe('ApprovalPrompt by keyboard', () => {
  it('Escape on the question or a button answers Deny, once', () => {
    const answers: string[] = [];
    render(ApprovalPrompt, {
      props: { request: imageRequest, onAnswer: (d: string) => answers.push(d) },
    });
    const heading = screen.getByRole('heading', { name: 'Send this image to the model?' });
    expect(document.activeElement).toBe(heading);
    void fireEvent.keyDown(heading, { key: 'Escape' });
    expect(answers).toEqual(['deny']);
    void fireEvent.keyDown(screen.getByTestId('approve-once'), { key: 'Escape' });
    expect(answers).toEqual(['deny', 'deny']);
    void fireEvent.keyDown(heading, { key: 'Enter' });
    expect(answers).toEqual(['deny', 'deny']);
    expect(screen.getByTestId('approval-prompt').getAttribute('aria-keyshortcuts')).toBe('Escape');
  });

  it('gives the focus back to where it was when the prompt goes', async () => {
    const box = document.createElement('textarea');
    document.body.append(box);
    box.focus();
    const { unmount } = render(ApprovalPrompt, {
      props: { request: imageRequest, onAnswer: () => undefined },
    });
    expect(document.activeElement?.id).toBe('approval-title');
    screen.getByTestId('approve-deny').focus();
    unmount();
    await Promise.resolve();
    expect(document.activeElement).toBe(box);
  });
});
