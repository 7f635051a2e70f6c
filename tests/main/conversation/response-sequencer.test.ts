import { describe, expect, it } from 'vitest';
import { ResponseSequencer } from '../../../src/main/conversation/response-sequencer';

function setup(connected = true) {
  const sent: number[] = [];
  let ok = connected;
  const sequencer = new ResponseSequencer(() => {
    if (ok) sent.push(sent.length + 1);
    return ok;
  });
  return { sequencer, sent, setConnected: (value: boolean) => (ok = value) };
}

describe('ResponseSequencer', () => {
  it('sends one response.create at a time and the next after response.done', () => {
    const { sequencer, sent } = setup();
    expect(sequencer.request()).toBe('sent');
    expect(sequencer.request()).toBe('queued');
    expect(sequencer.request()).toBe('queued'); // coalesced with the one already queued
    sequencer.started();
    expect(sent).toHaveLength(1);
    sequencer.done();
    expect(sent).toHaveLength(2);
    sequencer.started();
    sequencer.done();
    expect(sent).toHaveLength(2);
  });

  it('a server-made response (server VAD) also holds ours back', () => {
    const { sequencer, sent } = setup();
    sequencer.started();
    expect(sequencer.request()).toBe('queued');
    sequencer.done();
    expect(sent).toHaveLength(1);
  });

  it('when the server still says one is active, tries again after it ends', () => {
    const { sequencer, sent } = setup();
    sequencer.request();
    sequencer.refused();
    expect(sent).toHaveLength(1);
    sequencer.done();
    expect(sent).toHaveLength(2);
  });

  it('keeps a request made while disconnected and sends it on resume', () => {
    const { sequencer, sent, setConnected } = setup(false);
    expect(sequencer.request()).toBe('queued');
    setConnected(true);
    sequencer.reset();
    sequencer.resume();
    expect(sent).toHaveLength(1);
  });
});
