import { describe, expect, it } from 'vitest';
import { RendererRecovery } from '../../../src/main/desktop/crash-recovery';

function recovery() {
  let now = 1_000_000;
  const calls: string[] = [];
  const subject = new RendererRecovery({
    recreate: () => calls.push('recreate'),
    notice: (title) => calls.push(`notice ${title}`),
    log: (level, message) => calls.push(`${level} ${message}`),
    now: () => now,
  });
  return { subject, calls, advance: (ms: number) => (now += ms) };
}

describe('RendererRecovery', () => {
  it('recreates the window after a crash, and again after a quiet minute', () => {
    const { subject, calls, advance } = recovery();
    expect(subject.gone({ reason: 'crashed', exitCode: 139 })).toBe('recreated');
    advance(61_000);
    expect(subject.gone({ reason: 'oom', exitCode: 9 })).toBe('recreated');
    expect(calls.filter((c) => c === 'recreate')).toHaveLength(2);
    expect(calls).toContain('notice Hark’s window was reopened');
  });

  it('stops after a second crash within a minute, says so, and stays stopped', () => {
    const { subject, calls, advance } = recovery();
    subject.gone({ reason: 'crashed', exitCode: 139 });
    advance(30_000);
    expect(subject.gone({ reason: 'crashed', exitCode: 139 })).toBe('stopped');
    expect(subject.stopped).toBe(true);
    advance(600_000);
    expect(subject.gone({ reason: 'crashed', exitCode: 139 })).toBe('ignored');
    expect(calls.filter((c) => c === 'recreate')).toHaveLength(1);
    expect(calls).toContain('notice Hark’s window keeps crashing');
    expect(calls.some((c) => /^error .*again within 60 s/.test(c))).toBe(true);
  });

  it('a clean exit (the window closed) is not a crash', () => {
    const { subject, calls } = recovery();
    expect(subject.gone({ reason: 'clean-exit', exitCode: 0 })).toBe('ignored');
    expect(calls).toEqual([]);
  });
});
