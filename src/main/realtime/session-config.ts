import type { RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';
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
  /** The assistant's own settings (issue 12); absent means the service's defaults. */
  tuning?: SessionTuning;
}

/** Voice, transcription and turn-detection tuning from the assistant settings, and the tools. */
export interface SessionTuning {
  speed?: number;
  /** ISO-639-1; empty lets the model detect it. */
  transcriptionLanguage?: string;
  /** Names and terms to hear correctly: the transcription `prompt`; empty for none. */
  transcriptionVocabulary?: string;
  noiseReduction?: 'near_field' | 'far_field' | 'off';
  semanticEagerness?: 'auto' | 'low' | 'medium' | 'high';
  vadSilenceMs?: number;
  vadThreshold?: number;
  /**
   * Hark judges speech over a reply itself and asks for every reply (false-interruption.ts):
   * the server must not answer a cough by itself.
   */
  holdOnSpeech?: boolean;
  tools?: RealtimeToolsConfigUnion[];
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
  const tuning = settings.tuning ?? {};
  const noise = tuning.noiseReduction ?? 'near_field';
  const tools = tuning.tools ?? [];
  return {
    type: 'realtime',
    model: settings.model,
    instructions: settings.instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        format,
        // "Off" leaves the field out (the service's default is none; the GA type has no null).
        ...(noise === 'off' ? {} : { noise_reduction: { type: noise } }),
        ...(settings.transcriptionModel
          ? {
              transcription: {
                model: settings.transcriptionModel,
                ...(tuning.transcriptionLanguage ? { language: tuning.transcriptionLanguage } : {}),
                ...(tuning.transcriptionVocabulary?.trim()
                  ? { prompt: tuning.transcriptionVocabulary.trim() }
                  : {}),
              },
            }
          : {}),
        turn_detection:
          settings.turnDetection === 'push-to-talk'
            ? null
            : settings.turnDetection === 'server_vad'
              ? // Hark decides barge-in itself (with its echo guard), so the assistant's own
                // voice coming back through the mic cannot interrupt it.
                {
                  type: 'server_vad',
                  create_response: !tuning.holdOnSpeech,
                  interrupt_response: false,
                  silence_duration_ms: tuning.vadSilenceMs ?? 500,
                  ...(tuning.vadThreshold !== undefined ? { threshold: tuning.vadThreshold } : {}),
                }
              : {
                  type: 'semantic_vad',
                  create_response: !tuning.holdOnSpeech,
                  interrupt_response: false,
                  ...(tuning.semanticEagerness ? { eagerness: tuning.semanticEagerness } : {}),
                },
      },
      output: {
        format,
        voice: settings.voice,
        ...(tuning.speed !== undefined && tuning.speed !== 1 ? { speed: tuning.speed } : {}),
      },
    },
    ...(tools.length > 0 ? { tools, tool_choice: 'auto' as const } : {}),
  };
}
