import { describe, expect, it } from 'vitest';
import type { ServerEvent } from 'openai/resources/live/live';
import {
  MAX_UNSENT_BYTES,
  sendEvent,
  type EventSocket,
} from '../../../src/simulator/live/client-socket';

/** A test double of the socket's sending side: records frames, reports a chosen backlog. */
function recordingSocket(state: { open: boolean; bufferedAmount: number }): EventSocket & {
  frames: string[];
} {
  const frames: string[] = [];
  return {
    frames,
    OPEN: 1,
    get readyState() {
      return state.open ? 1 : 3;
    },
    bufferedAmount: state.bufferedAmount,
    send: ((data: string) => frames.push(data)) as EventSocket['send'],
  } as EventSocket & { frames: string[] };
}

const event: ServerEvent = {
  type: 'session.usage.updated',
  event_id: 'event_1',
  usage: { seconds: 1 },
};

describe('sendEvent', () => {
  it('sends the event as one JSON text frame while the client keeps up', () => {
    const socket = recordingSocket({ open: true, bufferedAmount: MAX_UNSENT_BYTES });
    expect(sendEvent(socket, event)).toBe('sent');
    expect(socket.frames.map((f) => JSON.parse(f))).toEqual([event]);
  });

  it('sends nothing once the backlog passes the limit, and says the client stalled', () => {
    const socket = recordingSocket({ open: true, bufferedAmount: MAX_UNSENT_BYTES + 1 });
    expect(sendEvent(socket, event)).toBe('stalled');
    expect(socket.frames).toEqual([]);
  });

  it('sends nothing on a socket that is no longer open', () => {
    const socket = recordingSocket({ open: false, bufferedAmount: MAX_UNSENT_BYTES + 1 });
    expect(sendEvent(socket, event)).toBe('closed');
    expect(socket.frames).toEqual([]);
  });
});
