import { describe, expect, it } from 'vitest';
import { PlaybackRing } from '../../../src/renderer/src/audio/playback-ring';
import { ReportSchedule } from '../../../src/renderer/src/audio/report-schedule';

const RATE = 24000;
const QUANTUM = 128;

/** Drive a ring and a schedule as the worklet does; returns the quanta at which it reported. */
function run(ring: PlaybackRing, schedule: ReportSchedule, quanta: number, from = 0): number[] {
  const reports: number[] = [];
  for (let q = 0; q < quanta; q++) {
    ring.render([new Float32Array(QUANTUM)]);
    if (schedule.afterRender(ring.bufferedSamples, ring.isPlaying)) reports.push(from + q);
  }
  return reports;
}

describe('ReportSchedule', () => {
  it('says nothing while idle, before any audio and after the drain, however long', () => {
    const ring = new PlaybackRing({ sampleRate: RATE });
    const schedule = new ReportSchedule(8);
    expect(run(ring, schedule, 10_000)).toEqual([]);
    ring.push('a', new Float32Array(QUANTUM * 4).fill(0.5));
    ring.end();
    const reports = run(ring, schedule, 10_000);
    // Start, then the drain once (4 quanta of audio, the 5th renders nothing).
    expect(reports).toEqual([0, 4]);
    expect(ring.progress()).toMatchObject({ itemId: 'a', bufferedSamples: 0, playing: false });
  });

  it('reports at once when the first sample leaves, every N quanta while playing, once drained', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 60 });
    const schedule = new ReportSchedule(8);
    ring.push('a', new Float32Array(QUANTUM * 20).fill(0.5));
    ring.end();
    const reports = run(ring, schedule, 40);
    expect(reports).toEqual([0, 8, 16, 20]);
  });

  it('an underrun mid-reply is reported as drained (nothing buffered), then the restart at once', () => {
    const ring = new PlaybackRing({ sampleRate: RATE, minPrebufferMs: 10 });
    const schedule = new ReportSchedule(8);
    ring.push('a', new Float32Array(QUANTUM * 3).fill(0.5));
    expect(run(ring, schedule, 6)).toEqual([0, 3]);
    ring.push('a', new Float32Array(QUANTUM * 10).fill(0.5));
    expect(run(ring, schedule, 6, 6)).toEqual([6]);
  });

  it('a clear while playing is reported on the next (silent) quantum; a clear while idle is not', () => {
    const ring = new PlaybackRing({ sampleRate: RATE });
    const schedule = new ReportSchedule(8);
    ring.push('a', new Float32Array(QUANTUM * 100).fill(0.5));
    expect(run(ring, schedule, 3)).toEqual([0]);
    ring.clear();
    schedule.cleared();
    expect(run(ring, schedule, 1)).toEqual([0]);
    expect(ring.progress()).toMatchObject({ bufferedSamples: 0, playing: false });
    schedule.cleared();
    expect(run(ring, schedule, 100)).toEqual([]);
  });
});
