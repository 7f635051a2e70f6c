import type {
  AudioTranscription,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { RealtimeSessionCreateResponse } from 'openai/resources/realtime/client-secrets';
import { SAMPLE_RATE } from '../audio';
import type { DeclaredTool, SessionUpdate, ToolChoice } from './wire-schemas';

type ResponseAudio = NonNullable<RealtimeSessionCreateResponse['audio']>;
export type TurnDetection = NonNullable<NonNullable<ResponseAudio['input']>['turn_detection']>;

/**
 * The session as the service reports it in `session.created` / `session.updated`: every field
 * present, defaults filled in. The live service sends `null` for `transcription`,
 * `noise_reduction`, `include`, `tracing` and `prompt` when they are off, where the `openai`
 * types declare those fields optional-not-null; the service's shape wins here.
 */
export interface SessionState {
  type: 'realtime';
  object: 'realtime.session';
  id: string;
  model: string;
  output_modalities: ['audio'] | ['text'];
  instructions: string;
  tools: DeclaredTool[];
  tool_choice: ToolChoice;
  max_output_tokens: number | 'inf';
  tracing: SessionUpdate['tracing'] | null;
  truncation: NonNullable<SessionUpdate['truncation']>;
  prompt: SessionUpdate['prompt'] | null;
  expires_at: number;
  include: 'item.input_audio_transcription.logprobs'[] | null;
  parallel_tool_calls?: boolean;
  reasoning?: SessionUpdate['reasoning'];
  audio: {
    input: {
      format: { type: 'audio/pcm'; rate: 24000 };
      transcription: AudioTranscription | null;
      noise_reduction: { type?: 'near_field' | 'far_field'; strength?: number } | null;
      turn_detection: TurnDetection | null;
    };
    output: {
      format: { type: 'audio/pcm'; rate: 24000 };
      voice: string | { id: string };
      speed: number;
    };
  };
}

/** The service's session limit; `expires_at` says when it ends. */
const SESSION_SECONDS = 60 * 60;

export function initialSession(id: string, model: string): SessionState {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model,
    output_modalities: ['audio'],
    instructions:
      'You are a helpful assistant. (This is Hark’s Realtime simulator; no model is connected.)',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
    expires_at: Math.floor(Date.now() / 1000) + SESSION_SECONDS,
    include: null,
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: SAMPLE_RATE },
        transcription: null,
        noise_reduction: null,
        turn_detection: withVadDefaults({ type: 'server_vad' }),
      },
      output: { format: { type: 'audio/pcm', rate: SAMPLE_RATE }, voice: 'marin', speed: 1 },
    },
  };
}

/**
 * Turn detection as the service echoes it: every field filled in. The API reference gives
 * 500 ms as `silence_duration_ms`' default; the live service reports (and uses) 200 ms for
 * gpt-realtime, and the simulator follows the service.
 */
export function withVadDefaults(detection: TurnDetection): TurnDetection {
  if (detection.type === 'server_vad') {
    return {
      type: 'server_vad',
      threshold: detection.threshold ?? 0.5,
      prefix_padding_ms: detection.prefix_padding_ms ?? 300,
      silence_duration_ms: detection.silence_duration_ms ?? 200,
      idle_timeout_ms: detection.idle_timeout_ms ?? null,
      create_response: detection.create_response ?? true,
      interrupt_response: detection.interrupt_response ?? true,
    };
  }
  return {
    type: 'semantic_vad',
    eagerness: detection.eagerness ?? 'auto',
    create_response: detection.create_response ?? true,
    interrupt_response: detection.interrupt_response ?? true,
  };
}

/** Apply a validated `session.update`: fields present replace, nested audio fields merge. */
export function applyUpdate(state: SessionState, update: SessionUpdate): SessionState {
  const input = update.audio?.input;
  const output = update.audio?.output;
  const next: SessionState = {
    ...state,
    audio: {
      input: { ...state.audio.input },
      output: { ...state.audio.output },
    },
  };
  if (update.model !== undefined) next.model = update.model;
  if (update.instructions !== undefined) next.instructions = update.instructions;
  if (update.output_modalities !== undefined) next.output_modalities = update.output_modalities;
  if (update.tools !== undefined) next.tools = update.tools;
  if (update.tool_choice !== undefined) next.tool_choice = update.tool_choice;
  if (update.max_output_tokens !== undefined) next.max_output_tokens = update.max_output_tokens;
  if (update.tracing !== undefined) next.tracing = update.tracing;
  if (update.truncation !== undefined) next.truncation = update.truncation;
  if (update.prompt !== undefined) next.prompt = update.prompt;
  if (update.include !== undefined) next.include = update.include;
  if (update.parallel_tool_calls !== undefined)
    next.parallel_tool_calls = update.parallel_tool_calls;
  if (update.reasoning !== undefined) next.reasoning = update.reasoning;
  if (input?.transcription !== undefined) next.audio.input.transcription = input.transcription;
  if (input?.noise_reduction !== undefined)
    next.audio.input.noise_reduction = input.noise_reduction;
  if (input?.turn_detection !== undefined) {
    next.audio.input.turn_detection = input.turn_detection && withVadDefaults(input.turn_detection);
  }
  if (output?.voice !== undefined) next.audio.output.voice = output.voice;
  if (output?.speed !== undefined) next.audio.output.speed = output.speed;
  return next;
}

export function voiceName(voice: SessionState['audio']['output']['voice']): string {
  return typeof voice === 'string' ? voice : voice.id;
}

/** The state on the wire. One cast, for the null-valued fields described on SessionState. */
export function wireSession(state: SessionState): RealtimeSessionCreateRequest {
  return structuredClone(state) as unknown as RealtimeSessionCreateRequest;
}
