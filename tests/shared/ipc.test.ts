import { describe, expect, it } from 'vitest';
import {
  IpcValidationError,
  MAX_AUDIO_FRAME_BYTES,
  validateAudioFrame,
  validatePlaybackReport,
  validateSettingsUpdate,
} from '../../src/shared/ipc';

describe('IPC validators', () => {
  it('accept a 20 ms PCM16 frame and refuse anything else', () => {
    expect(validateAudioFrame(new Uint8Array(960)).byteLength).toBe(960);
    expect(() => validateAudioFrame(new Uint8Array(0))).toThrow(/empty/);
    expect(() => validateAudioFrame(new Uint8Array(961))).toThrow(/whole 16-bit samples/);
    expect(() => validateAudioFrame(new Uint8Array(MAX_AUDIO_FRAME_BYTES + 2))).toThrow(/exceeds/);
    expect(() => validateAudioFrame([1, 2])).toThrow(IpcValidationError);
    expect(() => validateAudioFrame(new Int16Array(480))).toThrow(IpcValidationError);
  });

  it('settings: known fields of the right type only, trimmed', () => {
    expect(
      validateSettingsUpdate({ provider: 'azure', apiKey: '  k  ', voiceProcessing: false }),
    ).toEqual({ provider: 'azure', apiKey: 'k', voiceProcessing: false });
    expect(() => validateSettingsUpdate(null)).toThrow(/object/);
    expect(() => validateSettingsUpdate({ model: 5 })).toThrow(/model must be a string/);
    expect(() => validateSettingsUpdate({ onboarded: 'yes' })).toThrow(/boolean/);
    expect(() => validateSettingsUpdate({ apiKey: 'x'.repeat(5000) })).toThrow(/at most/);
  });

  it('playback reports', () => {
    expect(
      validatePlaybackReport({ itemId: 'i', playedMs: 10, bufferedMs: 0, underruns: 0 }),
    ).toEqual({ itemId: 'i', playedMs: 10, bufferedMs: 0, underruns: 0 });
    expect(() =>
      validatePlaybackReport({ itemId: 'i', playedMs: -1, bufferedMs: 0, underruns: 0 }),
    ).toThrow(IpcValidationError);
    expect(() =>
      validatePlaybackReport({ itemId: 'i', playedMs: NaN, bufferedMs: 0, underruns: 0 }),
    ).toThrow(IpcValidationError);
  });
});
