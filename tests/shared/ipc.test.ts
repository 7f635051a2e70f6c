import { describe, expect, it } from 'vitest';
import {
  IpcValidationError,
  MAX_AUDIO_FRAME_BYTES,
  validateAudioFrame,
  validateHotkeyKind,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateTalkSource,
  validateText,
} from '../../src/shared/ipc';

describe('IPC validators', () => {
  it('accept a 20 ms PCM16 frame and refuse anything else', () => {
    expect(validateAudioFrame(new Uint8Array(960)).byteLength).toBe(960);
    expect(validateAudioFrame(Buffer.alloc(960)).byteLength).toBe(960);
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
    expect(() => validateSettingsUpdate([])).toThrow(/object/);
    expect(() => validateSettingsUpdate({ model: 5 })).toThrow(/model must be text/);
    expect(() => validateSettingsUpdate({ onboarded: 'yes' })).toThrow(/true or false/);
    expect(() => validateSettingsUpdate({ apiKey: 'x'.repeat(5000) })).toThrow(/longer than 512/);
    expect(() => validateSettingsUpdate({ provider: 'mars' })).toThrow(/^unknown provider$/);
    expect(() => validateSettingsUpdate({ evil: 1 })).toThrow(/^unknown settings field "evil"$/);
  });

  it('a whitespace-only key is refused (it must not forget the stored key); "" forgets it', () => {
    expect(() => validateSettingsUpdate({ apiKey: '   \n' })).toThrow(/blank/);
    expect(validateSettingsUpdate({ apiKey: '' })).toEqual({ apiKey: '' });
    expect(validateSettingsUpdate({ apiKey: 'sk-abc\n' })).toEqual({ apiKey: 'sk-abc' });
    expect(() => validateSettingsUpdate({ apiKey: 'sk-a bc' })).toThrow(/spaces, line breaks/);
  });

  it('URLs are checked when saved: ws(s) only, wss:// unless to this machine', () => {
    expect(validateSettingsUpdate({ customUrl: ' wss://h.example/v1/realtime ' })).toEqual({
      customUrl: 'wss://h.example/v1/realtime',
    });
    expect(validateSettingsUpdate({ customUrl: 'ws://127.0.0.1:8080/x' }).customUrl).toBe(
      'ws://127.0.0.1:8080/x',
    );
    expect(validateSettingsUpdate({ customUrl: '' }).customUrl).toBe('');
    for (const bad of [
      'javascript:alert(1)',
      'http://h/',
      'file:///etc/passwd',
      'ws://h.example/',
    ]) {
      expect(() => validateSettingsUpdate({ customUrl: bad })).toThrow(IpcValidationError);
    }
    expect(validateSettingsUpdate({ azureResource: 'my-res' }).azureResource).toBe('my-res');
    expect(() => validateSettingsUpdate({ azureResource: 'javascript:x' })).toThrow(/Azure/);
    expect(() => validateSettingsUpdate({ azureResource: 'http://evil.example' })).toThrow(/Azure/);
  });

  it('hotkeys: chords and accelerators, in canonical spelling; never a bare key', () => {
    expect(validateSettingsUpdate({ holdHotkey: 'alt+ctrl+space' }).holdHotkey).toBe(
      'Ctrl+Alt+Space',
    );
    expect(validateSettingsUpdate({ toggleHotkey: 'cmdorctrl+shift+h' }).toggleHotkey).toBe(
      'CmdOrCtrl+Shift+H',
    );
    expect(validateSettingsUpdate({ toggleHotkey: 'Ctrl++' }).toggleHotkey).toBe('Ctrl+Plus');
    expect(validateSettingsUpdate({ toggleHotkey: 'F13' }).toggleHotkey).toBe('F13');
    for (const bad of [
      '+',
      'H',
      'Ctrl+',
      'Ctrl+Shift',
      'Ctrl+A+B',
      'Ctrl+Nope',
      'Shift+Ctrl+Ctrl+A',
    ]) {
      expect(() => validateSettingsUpdate({ toggleHotkey: bad }), bad).toThrow(IpcValidationError);
    }
  });

  it('errors never echo a huge payload', () => {
    for (const payload of [
      { holdHotkey: 'x'.repeat(60_000) },
      { toggleHotkey: `Ctrl+${'y'.repeat(60)}` },
      { [`k${'z'.repeat(60_000)}`]: 1 },
      { model: 'm'.repeat(70_000) },
    ]) {
      try {
        validateSettingsUpdate(payload);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message.length).toBeLessThanOrEqual(300);
      }
    }
  });

  it('playback reports: finite, bounded numbers and no extra fields', () => {
    expect(
      validatePlaybackReport({ itemId: 'i', playedMs: 10, bufferedMs: 0, underruns: 0 }),
    ).toEqual({ itemId: 'i', playedMs: 10, bufferedMs: 0, underruns: 0 });
    for (const bad of [
      { itemId: 'i', playedMs: -1, bufferedMs: 0, underruns: 0 },
      { itemId: 'i', playedMs: NaN, bufferedMs: 0, underruns: 0 },
      { itemId: 'i', playedMs: 1, bufferedMs: 1e308, underruns: 0 },
      { itemId: 'i', playedMs: 1, bufferedMs: Infinity, underruns: 0 },
      { itemId: 'i', playedMs: 1, bufferedMs: 0, underruns: 0.5 },
      { itemId: 'i', playedMs: 1, bufferedMs: 0, underruns: 0, extra: 1 },
      { itemId: 'x'.repeat(257), playedMs: 1, bufferedMs: 0, underruns: 0 },
      null,
    ]) {
      expect(() => validatePlaybackReport(bad)).toThrow(IpcValidationError);
    }
  });

  it('small enums and text', () => {
    expect(validateTalkSource(undefined)).toBe('pointer');
    expect(validateTalkSource('space')).toBe('space');
    expect(() => validateTalkSource('hotkey')).toThrow(/talk source/);
    expect(validateHotkeyKind(undefined)).toBe('hold');
    expect(() => validateHotkeyKind('both')).toThrow(/hotkey kind/);
    expect(validateText('hi')).toBe('hi');
    expect(() => validateText('x'.repeat(4097))).toThrow(/at most 4096/);
    expect(() => validateText(5)).toThrow(/string/);
  });
});
