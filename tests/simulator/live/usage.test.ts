import { describe, expect, it } from 'vitest';
import { UsageReports, usageAt } from '../../../src/simulator/live/usage';

describe('UsageReports', () => {
  it('reports once per second of timeline, with the seconds so far', () => {
    const reports = new UsageReports();
    expect(reports.due(100)).toBeNull();
    expect(reports.due(900)).toBeNull();
    expect(reports.due(1_000)).toEqual({ seconds: 1 });
    expect(reports.due(1_900)).toBeNull();
    expect(reports.due(2_000)).toEqual({ seconds: 2 });
  });

  it('counts the next second from the last report, not from the grid', () => {
    const reports = new UsageReports();
    expect(reports.due(1_300)).toEqual({ seconds: 1.3 });
    expect(reports.due(2_200)).toBeNull();
    expect(reports.due(2_300)).toEqual({ seconds: 2.3 });
  });
});

describe('usageAt', () => {
  it('bills the timeline in seconds', () => {
    expect(usageAt(12_345)).toEqual({ seconds: 12.345 });
  });
});
