import { describe, expect, it } from 'vitest';
import { SentEventLog } from '../../../src/main/engine/sent-log';

describe('SentEventLog', () => {
  it('keeps the last N events in order and counts all of them', () => {
    const log = new SentEventLog(3);
    for (let i = 0; i < 5; i++)
      log.record({ type: 'input_audio_buffer.append', eventId: `e${i}`, at: i, bytes: 1 });
    log.record({ type: 'input_audio_buffer.commit', eventId: 'c', at: 9, bytes: 1 });
    expect(log.entries().map((e) => e.eventId)).toEqual(['e3', 'e4', 'c']);
    expect(log.last()?.type).toBe('input_audio_buffer.commit');
    expect(log.countsByType()).toEqual({
      'input_audio_buffer.append': 5,
      'input_audio_buffer.commit': 1,
    });
    expect(log.total).toBe(6);
  });

  it('finds events by id while they are in the ring', () => {
    const log = new SentEventLog(2);
    log.record({ type: 'session.update', eventId: 'a', at: 0, bytes: 1 });
    expect(log.find('a')?.type).toBe('session.update');
    log.record({ type: 'response.create', eventId: 'b', at: 0, bytes: 1 });
    log.record({ type: 'response.cancel', eventId: 'c', at: 0, bytes: 1 });
    expect(log.find('a')).toBeNull();
  });

  it('is empty at first and rejects a zero capacity', () => {
    expect(new SentEventLog().last()).toBeNull();
    expect(() => new SentEventLog(0)).toThrow(RangeError);
  });
});
