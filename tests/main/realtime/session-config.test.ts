import { describe, expect, it } from 'vitest';
import {
  buildSessionUpdate,
  DEFAULT_SESSION_SETTINGS,
} from '../../../src/main/realtime/session-config';

describe('buildSessionUpdate with the assistant tuning', () => {
  it('keeps the defaults when there is no tuning', () => {
    const update = buildSessionUpdate(DEFAULT_SESSION_SETTINGS);
    expect(update.audio?.input?.noise_reduction).toEqual({ type: 'near_field' });
    expect(update.audio?.output).not.toHaveProperty('speed');
    expect(update).not.toHaveProperty('tools');
  });

  it('applies speed, language, noise reduction, VAD tuning and tools', () => {
    const tools = [{ type: 'function' as const, name: 'get_current_time', parameters: {} }];
    const serverVad = buildSessionUpdate({
      ...DEFAULT_SESSION_SETTINGS,
      turnDetection: 'server_vad',
      tuning: {
        speed: 1.2,
        transcriptionLanguage: 'de',
        transcriptionVocabulary: '  Wojciech, Kubernetes ',
        noiseReduction: 'far_field',
        vadSilenceMs: 800,
        vadThreshold: 0.7,
        tools,
      },
    });
    expect(serverVad.audio?.output?.speed).toBe(1.2);
    expect(serverVad.audio?.input?.transcription).toEqual({
      model: 'gpt-4o-mini-transcribe',
      language: 'de',
      prompt: 'Wojciech, Kubernetes',
    });
    expect(serverVad.audio?.input?.noise_reduction).toEqual({ type: 'far_field' });
    expect(serverVad.audio?.input?.turn_detection).toMatchObject({
      type: 'server_vad',
      silence_duration_ms: 800,
      threshold: 0.7,
      interrupt_response: false,
    });
    expect(serverVad.tools).toEqual(tools);
    expect(serverVad.tool_choice).toBe('auto');

    const semantic = buildSessionUpdate({
      ...DEFAULT_SESSION_SETTINGS,
      turnDetection: 'semantic_vad',
      tuning: { semanticEagerness: 'low', noiseReduction: 'off' },
    });
    expect(semantic.audio?.input?.turn_detection).toMatchObject({
      type: 'semantic_vad',
      eagerness: 'low',
    });
    expect(semantic.audio?.input).not.toHaveProperty('noise_reduction');
    // No vocabulary (or only blanks): no prompt at all, so the service uses none.
    expect(semantic.audio?.input?.transcription).not.toHaveProperty('prompt');
    const blank = buildSessionUpdate({
      ...DEFAULT_SESSION_SETTINGS,
      tuning: { transcriptionVocabulary: '   ' },
    });
    expect(blank.audio?.input?.transcription).not.toHaveProperty('prompt');
  });
});
