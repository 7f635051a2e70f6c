import { describe, expect, it } from 'vitest';
import { AttentionNotifier } from '../../../src/main/desktop/attention';

function notifier(inView: boolean, supported = true) {
  const shown: { title: string; body: string }[] = [];
  const clicks: (() => void)[] = [];
  let now = 0;
  let windowShown = 0;
  const subject = new AttentionNotifier({
    supported: () => supported,
    create: (options) => ({
      on: (_event, listener) => clicks.push(listener),
      show: () => shown.push(options),
    }),
    windowInView: () => inView,
    showWindow: () => windowShown++,
    now: () => now,
  });
  return {
    subject,
    shown,
    clicks,
    advance: (ms: number) => (now += ms),
    shownWindow: () => windowShown,
  };
}

describe('AttentionNotifier', () => {
  it('notifies only while the window is hidden; a click brings Hark back', () => {
    const hidden = notifier(false);
    expect(hidden.subject.notify('Hark asks for your approval', 'Type “hi”')).toBe(true);
    expect(hidden.shown).toEqual([{ title: 'Hark asks for your approval', body: 'Type “hi”' }]);
    hidden.clicks[0]!();
    expect(hidden.shownWindow()).toBe(1);
    const visible = notifier(true);
    expect(visible.subject.notify('Hark asks for your approval', 'x')).toBe(false);
    expect(visible.subject.notify('Hark’s window keeps crashing', 'x', { force: true })).toBe(true);
  });

  it('the same title again within a minute is not repeated; unsupported systems get none', () => {
    const { subject, shown, advance } = notifier(false);
    subject.notify('Update ready', 'a');
    advance(30_000);
    expect(subject.notify('Update ready', 'b')).toBe(false);
    advance(31_000);
    expect(subject.notify('Update ready', 'c')).toBe(true);
    expect(shown.map((s) => s.body)).toEqual(['a', 'c']);
    expect(notifier(false, false).subject.notify('x', 'y')).toBe(false);
  });
});
