import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorFixture } from '../support/client';

const sim = simulatorFixture();
beforeAll(() => sim.start());
afterAll(() => sim.stop());

const TYPES = [
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.retrieve',
  'conversation.item.truncate',
  'conversation.item.delete',
  'response.create',
  'response.cancel',
];

describe('simulated session: hostile input', () => {
  it('any JSON in any client event gets events or errors back, never a crash or a closed socket', async () => {
    const client = await sim.connect();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TYPES),
        fc.dictionary(
          fc.constantFrom(
            'session',
            'item',
            'audio',
            'item_id',
            'response',
            'event_id',
            'audio_end_ms',
            'content_index',
          ),
          fc.jsonValue(),
        ),
        async (type, fields) => {
          client.send({ ...fields, type });
        },
      ),
      { numRuns: 300 },
    );
    client.send({ type: 'conversation.item.retrieve', item_id: 'item_never', event_id: 'last' });
    await expect
      .poll(() =>
        client.events.some(
          (e) => e.type === 'error' && (e.error as { event_id: string }).event_id === 'last',
        ),
      )
      .toBe(true);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(
      client.events.filter(
        (e) => e.type === 'error' && (e.error as { type: string }).type === 'server_error',
      ),
    ).toEqual([]);
  });

  it('metadata is limited to 16 pairs', async () => {
    const client = await sim.connect();
    const metadata = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    client.send({ type: 'response.create', response: { metadata } });
    expect(await client.error()).toMatchObject({ param: 'response.metadata' });
  });
});
