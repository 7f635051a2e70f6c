// @vitest-environment happy-dom
/**
 * The window's small controls: the talk button offline, banners that size to their text
 * and go away by themselves, the transcript as a focusable, non-live region with costs
 * behind a disclosure.
 */
import { cleanup, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NoticeBanner from '../../../src/renderer/src/components/NoticeBanner.svelte';
import TalkButton from '../../../src/renderer/src/components/TalkButton.svelte';
import TranscriptView from '../../../src/renderer/src/components/TranscriptView.svelte';
import type { UsageMessage } from '../../../src/shared/assistant';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const noop = (): void => undefined;

describe('TalkButton', () => {
  it('offline, it never says it listens: it says when what you say is sent', () => {
    render(TalkButton, { props: { talking: true, offline: true, onPress: noop, onRelease: noop } });
    const button = screen.getByTestId('talk-button');
    expect(button.textContent).toMatch(/Offline — what you say will be sent when Hark reconnects/);
    expect(button.textContent).not.toMatch(/Listening/);
  });

  it('online it says Listening; Space on it talks (it is exempt from the control rule)', () => {
    render(TalkButton, { props: { talking: true, onPress: noop, onRelease: noop } });
    const button = screen.getByTestId('talk-button');
    expect(button.textContent).toMatch(/Listening… release to send/);
    expect(button.hasAttribute('data-space-talks')).toBe(true);
  });
});

describe('NoticeBanner', () => {
  const notice = { level: 'info' as const, title: 'Reconnected', text: 'Hark is connected again.' };

  it('an info hint dismisses itself; a warning stays', () => {
    vi.useFakeTimers();
    const gone = vi.fn();
    render(NoticeBanner, { props: { notice, onDismiss: gone } });
    vi.advanceTimersByTime(6500);
    expect(gone).toHaveBeenCalledTimes(1);
    cleanup();
    const stays = vi.fn();
    render(NoticeBanner, {
      props: { notice: { ...notice, level: 'warning' }, onDismiss: stays },
    });
    vi.advanceTimersByTime(60_000);
    expect(stays).not.toHaveBeenCalled();
  });

  it('is a live region unless the status region already says it', () => {
    render(NoticeBanner, { props: { notice, onDismiss: noop } });
    expect(screen.getByTestId('notice').getAttribute('role')).toBe('status');
    cleanup();
    render(NoticeBanner, { props: { notice, onDismiss: noop, live: false, testid: 'x' } });
    expect(screen.getByTestId('x').hasAttribute('role')).toBe(false);
  });
});

describe('TranscriptView', () => {
  const usage: UsageMessage = {
    responseId: 'r',
    itemId: 'a',
    model: 'gpt-realtime',
    turn: {
      inputText: 403,
      inputAudio: 44,
      inputImage: 0,
      inputCached: 0,
      outputText: 17,
      outputAudio: 100,
    },
    turnCost: 0.0091,
    session: {
      inputText: 0,
      inputAudio: 0,
      inputImage: 0,
      inputCached: 0,
      outputText: 0,
      outputAudio: 0,
    },
    sessionCost: 0.0091,
    responses: 1,
  };

  it('is focusable and not a live region (the announcer reads each message once)', () => {
    render(TranscriptView, { props: { entries: [], simulated: true } });
    const region = screen.getByTestId('transcript');
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(region.getAttribute('aria-live')).toBeNull();
    expect(region.getAttribute('aria-label')).toBe('Conversation');
  });

  it('shows the cost compactly, the token breakdown behind a disclosure, a tool-only reply too', () => {
    render(TranscriptView, {
      props: {
        simulated: false,
        entries: [
          { key: 'assistant:a', role: 'assistant', text: 'Hi.', final: true, usage },
          {
            key: 'tool:c',
            role: 'tool',
            text: 'Copy',
            final: true,
            status: 'done',
            usage: { ...usage, turnCost: 0.002 },
          },
        ],
      },
    });
    const [reply, tool] = screen.getAllByTestId('turn-cost');
    expect(reply!.tagName).toBe('DETAILS');
    expect(reply!.querySelector('summary')!.textContent).toBe('$0.0091 · 564 tokens');
    expect(reply!.querySelector('p')!.textContent).toMatch(/44 audio in, 403 text in/);
    expect(tool!.querySelector('summary')!.textContent).toBe('$0.0020 · 564 tokens');
  });
});
