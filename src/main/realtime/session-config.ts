import type { RealtimeSessionCreateRequest } from './protocol';
import { SAMPLE_RATE } from '../../shared/audio/format';
import type { TurnDetectionSetting } from '../../shared/ipc';

export type TurnDetectionMode = TurnDetectionSetting;

export interface SessionSettings {
  model: string;
  instructions: string;
  voice: string;
  turnDetection: TurnDetectionMode;
  /** Transcribe the user's speech too; null to skip. */
  transcriptionModel: string | null;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  model: 'gpt-realtime',
  instructions:
    'You are Hark, a concise and friendly voice assistant. Keep answers short and speak naturally.',
  voice: 'marin',
  turnDetection: 'push-to-talk',
  transcriptionModel: 'gpt-4o-mini-transcribe',
};

/** The GA `session.update` body: audio/pcm objects, never the beta "pcm16" strings. */
export function buildSessionUpdate(settings: SessionSettings): RealtimeSessionCreateRequest {
  const format = { type: 'audio/pcm', rate: SAMPLE_RATE } as const;
  return {
    type: 'realtime',
    model: settings.model,
    instructions: settings.instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        format,
        noise_reduction: { type: 'near_field' },
        ...(settings.transcriptionModel
          ? { transcription: { model: settings.transcriptionModel } }
          : {}),
        turn_detection:
          settings.turnDetection === 'push-to-talk'
            ? null
            : settings.turnDetection === 'server_vad'
              ? // Hark decides barge-in itself (with its echo guard), so the assistant's own
                // voice coming back through the mic cannot interrupt it.
                {
                  type: 'server_vad',
                  create_response: true,
                  interrupt_response: false,
                  silence_duration_ms: 500,
                }
              : { type: 'semantic_vad', create_response: true, interrupt_response: false },
      },
      output: { format, voice: settings.voice },
    },
  };
}
