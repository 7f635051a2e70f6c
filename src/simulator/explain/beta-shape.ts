/**
 * Beta Realtime shapes that the GA service refuses: field names and values that moved.
 * Each entry names the beta form and its GA replacement, so the finding says what to write.
 */
export interface BetaShape {
  path: string;
  ga: string;
}

const SESSION_FIELDS: Record<string, string> = {
  modalities: 'session.output_modalities (e.g. ["audio"])',
  input_audio_format: 'session.audio.input.format = {type:"audio/pcm", rate:24000}',
  output_audio_format: 'session.audio.output.format = {type:"audio/pcm", rate:24000}',
  input_audio_transcription: 'session.audio.input.transcription',
  turn_detection: 'session.audio.input.turn_detection',
  input_audio_noise_reduction: 'session.audio.input.noise_reduction',
  voice: 'session.audio.output.voice',
  speed: 'session.audio.output.speed',
  max_response_output_tokens: 'session.max_output_tokens',
};

const RESPONSE_FIELDS: Record<string, string> = {
  modalities: 'response.output_modalities',
  voice: 'response.audio.output.voice',
  output_audio_format: 'response.audio.output.format',
  max_response_output_tokens: 'response.max_output_tokens',
};

const BETA_FORMATS = new Set(['pcm16', 'g711_ulaw', 'g711_alaw']);

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The first beta shape in a client event, or null when it has none. */
export function betaShapeOf(event: Record<string, unknown>): BetaShape | null {
  if (event.type === 'session.update') {
    const session = record(event.session);
    if (!session) return null;
    for (const [field, ga] of Object.entries(SESSION_FIELDS))
      if (field in session) return { path: `session.${field}`, ga };
    const audio = record(session.audio);
    for (const side of ['input', 'output'] as const) {
      const format = record(audio?.[side])?.format;
      if (typeof format === 'string' && BETA_FORMATS.has(format))
        return {
          path: `session.audio.${side}.format = "${format}"`,
          ga: `session.audio.${side}.format = {type:"audio/pcm", rate:24000}`,
        };
    }
    if (!('type' in session))
      return { path: 'session without "type"', ga: 'session.type = "realtime"' };
  }
  if (event.type === 'response.create') {
    const response = record(event.response);
    for (const [field, ga] of Object.entries(RESPONSE_FIELDS))
      if (response && field in response) return { path: `response.${field}`, ga };
  }
  if (event.type === 'conversation.item.create') {
    const item = record(event.item);
    const content = Array.isArray(item?.content) ? item.content : [];
    if (item?.role === 'assistant') {
      for (const part of content) {
        const type = record(part)?.type;
        if (type === 'text')
          return { path: 'assistant content part type "text"', ga: 'type "output_text"' };
        if (type === 'audio')
          return { path: 'assistant content part type "audio"', ga: 'type "output_audio"' };
      }
    }
  }
  return null;
}
