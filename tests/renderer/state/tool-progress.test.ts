import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToolCallMessage, ToolCallStatus } from '../../../src/shared/assistant';
import {
  SLOW_TOOL_MS,
  ToolProgressStore,
} from '../../../src/renderer/src/state/tool-progress.svelte';

const call = (callId: string, status: ToolCallStatus): ToolCallMessage => ({
  callId,
  tool: 'open_url',
  summary: 'Open a page',
  status,
});

function store(soundsOn = true) {
  const cues: number[] = [];
  const progress = new ToolProgressStore({
    playCue: () => cues.push(Date.now()),
    soundsOn: () => soundsOn,
    now: () => Date.now(),
  });
  return { progress, cues };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the working cue for a slow tool', () => {
  it('plays once, at the slow limit, for a tool that keeps working, and shows how long', () => {
    const { progress, cues } = store();
    progress.observe(call('c1', 'running'));
    vi.advanceTimersByTime(SLOW_TOOL_MS - 1);
    expect(cues).toEqual([]);
    expect(progress.elapsedSeconds('tool:c1')).toBeNull();
    vi.advanceTimersByTime(1);
    expect(cues).toEqual([SLOW_TOOL_MS]);
    expect(progress.elapsedSeconds('tool:c1')).toBe(1); // 1.5 s, whole seconds
    // Reported again while running, and running on for 10 s: still one cue (no loop).
    progress.observe(call('c1', 'running'));
    vi.advanceTimersByTime(10_000);
    expect(cues).toHaveLength(1);
    expect(progress.elapsedSeconds('tool:c1')).toBe(11);
    progress.observe(call('c1', 'done'));
    expect(progress.elapsedSeconds('tool:c1')).toBeNull();
    vi.advanceTimersByTime(10_000);
    expect(cues).toHaveLength(1);
  });

  it('does not play for a tool that answers in time', () => {
    const { progress, cues } = store();
    progress.observe(call('fast', 'running'));
    vi.advanceTimersByTime(300);
    progress.observe(call('fast', 'done'));
    vi.advanceTimersByTime(5_000);
    expect(cues).toEqual([]);
    expect(progress.slow).toEqual({});
  });

  it('does not time a call waiting for approval: the clock starts when it runs', () => {
    const { progress, cues } = store();
    progress.observe(call('c2', 'awaiting-approval'));
    vi.advanceTimersByTime(5_000);
    expect(cues).toEqual([]);
    progress.observe(call('c2', 'running'));
    vi.advanceTimersByTime(SLOW_TOOL_MS);
    expect(cues).toEqual([5_000 + SLOW_TOOL_MS]);
  });

  it('with sounds off, shows the progress but plays nothing', () => {
    const { progress, cues } = store(false);
    progress.observe(call('c3', 'running'));
    vi.advanceTimersByTime(SLOW_TOOL_MS + 2_000);
    expect(cues).toEqual([]);
    expect(progress.elapsedSeconds('tool:c3')).toBe(3);
  });

  it('stops its timers when disposed (a failed or cancelled call settles too)', () => {
    const { progress, cues } = store();
    progress.observe(call('a', 'running'));
    progress.observe(call('b', 'running'));
    progress.observe(call('a', 'cancelled'));
    progress.dispose();
    vi.advanceTimersByTime(10_000);
    expect(cues).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
