import { describe, expect, it } from 'vitest';
import { classifyGetUserMediaError, micError } from '../../../src/renderer/src/audio/mic-errors';

const domError = (name: string) => Object.assign(new Error('x'), { name });

describe('classifyGetUserMediaError', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-device'],
    ['OverconstrainedError', 'no-device'],
    ['NotReadableError', 'device-busy'],
    ['TypeError', 'failed'],
  ])('%s → %s', (name, problem) => {
    expect(classifyGetUserMediaError(domError(name)).problem).toBe(problem);
  });

  it('says what to do, with the detail of an unexpected failure', () => {
    expect(micError('permission-denied').text).toMatch(/Allow it in your system settings/);
    expect(classifyGetUserMediaError(new Error('boom')).text).toMatch(/\(boom\)/);
  });
});
