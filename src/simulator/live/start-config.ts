import type { SessionResource } from 'openai/resources/live/live';
import { liveError, notSimulated, type LiveError } from './errors';
import {
  INPUT_MESSAGE_LIMIT,
  INPUT_TOKEN_LIMIT,
  INSTRUCTIONS_TOKEN_LIMIT,
  liveTokens,
} from './tokens';
import { asksForCreditExhaustion } from './triggers';
import type { ResponsesConfig, SessionConfig, SessionUpdate } from './wire-schemas';

/** The Live models the simulator answers as (`gpt-live-1.1` is on its model page, not in the TS literal). */
export const LIVE_MODELS = ['gpt-live-1', 'gpt-live-1.1'] as const;

/** The session's resolved configuration: what `session.started` reports, with defaults filled in. */
export interface LiveConfig {
  model: string;
  instructions: string | null;
  voice: string | { id: string };
  delegation:
    | { type: 'client'; acknowledgement_delay_ms: number }
    | { type: 'responses'; acknowledgement_delay_ms: number; responses: ResponsesConfig };
  input: NonNullable<SessionConfig['input']>;
  store: boolean;
}

/** Check a `session.start` config the way the service does; the resolved config or the error. */
export function resolveStart(session: SessionConfig): LiveConfig | LiveError {
  if (!(LIVE_MODELS as readonly string[]).includes(session.model)) {
    return liveError(
      'invalid_value',
      `Invalid value: '${session.model}'. Supported values are: ${LIVE_MODELS.map((m) => `'${m}'`).join(', ')}.`,
      'session.model',
    );
  }
  const instructions = session.instructions?.trim() ? session.instructions : null;
  if (instructions && liveTokens(instructions) > INSTRUCTIONS_TOKEN_LIMIT) {
    return liveError(
      'string_above_max_length',
      `Instructions must not exceed ${INSTRUCTIONS_TOKEN_LIMIT} tokens.`,
      'session.instructions',
    );
  }
  if (instructions && asksForCreditExhaustion(instructions)) {
    return liveError(
      'credit_balance_exhausted',
      'Your credit balance is too low to start a Live session. (Simulated: the instructions asked for it.)',
      null,
      'insufficient_quota',
    );
  }
  const format = session.audio?.format;
  if (format && !(format.type === 'audio/pcm' && format.rate === 24000)) {
    return notSimulated(
      `Audio format ${format.type} at ${format.rate} Hz (only audio/pcm at 24000 Hz is)`,
      'session.audio.format',
    );
  }
  if (session.client) {
    return liveError(
      'invalid_value',
      'session.client is only supported for WebRTC sessions.',
      'session.client',
    );
  }
  if (session.triggers?.length) return notSimulated('Decisions triggers', 'session.triggers');
  const input = session.input ?? [];
  const inputError = checkInput(input);
  if (inputError) return inputError;
  const delegation = session.delegation ?? { type: 'client' as const };
  if (delegation.type === 'decisions') {
    return notSimulated('Decisions delegation', 'session.delegation.type');
  }
  return {
    model: session.model,
    instructions: session.instructions ?? null,
    voice: session.audio?.output?.voice ?? 'marin',
    delegation:
      delegation.type === 'client'
        ? { type: 'client', acknowledgement_delay_ms: delegation.acknowledgement_delay_ms ?? 0 }
        : {
            type: 'responses',
            acknowledgement_delay_ms: delegation.acknowledgement_delay_ms ?? 0,
            responses: delegation.responses,
          },
    input,
    store: session.store ?? false,
  };
}

function checkInput(input: NonNullable<SessionConfig['input']>): LiveError | null {
  if (input.length > INPUT_MESSAGE_LIMIT) {
    return liveError(
      'array_above_max_length',
      `Invalid 'session.input': array too long. Expected at most ${INPUT_MESSAGE_LIMIT} messages, but got ${input.length}.`,
      'session.input',
    );
  }
  let tokens = 0;
  for (const [index, item] of input.entries()) {
    if (item.content.length !== 1) {
      return liveError(
        'invalid_value',
        `Each startup message needs exactly one text part; message ${index} has ${item.content.length}.`,
        `session.input.${index}.content`,
      );
    }
    tokens += liveTokens(item.content[0]!.text);
  }
  if (tokens > INPUT_TOKEN_LIMIT) {
    return liveError(
      'string_above_max_length',
      `The startup input renders to about ${tokens} tokens; at most ${INPUT_TOKEN_LIMIT} are allowed.`,
      'session.input',
    );
  }
  return null;
}

/** A `session.update`: delegation settings (same type) and triggers only; tools replaced whole. */
export function applyUpdate(config: LiveConfig, update: SessionUpdate): LiveConfig | LiveError {
  if (update.triggers?.length) return notSimulated('Decisions triggers', 'session.triggers');
  const next = update.delegation;
  if (next === undefined) return config;
  const type = next?.type ?? 'client';
  if (type !== config.delegation.type) {
    return liveError(
      'invalid_value',
      `The delegation type cannot change after startup (it is '${config.delegation.type}').`,
      'session.delegation.type',
    );
  }
  const ack = next?.acknowledgement_delay_ms ?? config.delegation.acknowledgement_delay_ms;
  if (config.delegation.type === 'client' || next?.type !== 'responses') {
    return { ...config, delegation: { ...config.delegation, acknowledgement_delay_ms: ack } };
  }
  const responses: ResponsesConfig = { ...config.delegation.responses };
  for (const [key, value] of Object.entries(next.responses ?? {})) {
    if (value !== undefined) (responses as Record<string, unknown>)[key] = value;
  }
  return {
    ...config,
    delegation: { type: 'responses', acknowledgement_delay_ms: ack, responses },
  };
}

/** The `SessionResource` the service reports in `session.started`/`updated`/`closed`. */
export function sessionResource(
  id: string,
  expiresAt: number,
  config: LiveConfig,
): SessionResource {
  return {
    id,
    expires_at: expiresAt,
    model: config.model,
    status: 'active',
    audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: config.voice } },
    delegation: structuredClone(config.delegation),
    input: structuredClone(config.input) as SessionResource['input'],
    instructions: config.instructions,
    store: config.store,
    triggers: [],
  };
}
