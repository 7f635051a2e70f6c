import type { RawData, WebSocket } from 'ws';
import { MIN_COMMIT_MS, pcm16BytesToMs, SAMPLE_RATE } from '../../../shared/audio/format';
import type {
  RealtimeClientEvent,
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
} from '../protocol';
import { replyTranscript, simulatedReplyAudio, type LastUserInput } from './reply-audio';
import { VoiceActivity } from './voice-activity';

/**
 * - `realtime`: reply audio at playback speed (100 ms every 100 ms)
 * - `fast-stream`: bursts faster than real time, as the real service does (100 ms every 20 ms)
 * - `instant`: everything at once; for tests that only count events
 */
export type SimulatorPacing = 'realtime' | 'fast-stream' | 'instant';

const CHUNK_MS = 100;
const CHUNK_BYTES = (SAMPLE_RATE * CHUNK_MS * 2) / 1000;
/** The input buffer is bounded (the service allows far more): 2 minutes here. */
const MAX_INPUT_BYTES = SAMPLE_RATE * 2 * 120;

interface StoredItem {
  role: 'user' | 'assistant' | 'system';
  /** Milliseconds of audio the item holds (for truncate bounds). */
  audioMs: number;
}

interface ActiveResponse {
  id: string;
  itemId: string;
  timer: NodeJS.Timeout | null;
  sentAudioMs: number;
}

let counter = 0;
function id(prefix: string): string {
  counter++;
  return `${prefix}_sim${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}

/** One simulated Realtime session bound to one socket. */
export class SimulatedSession {
  onClientEvent: ((type: string) => void) | null = null;
  onCommit: ((itemId: string, pcm: Buffer) => void) | null = null;
  onItemCreated: ((itemId: string, role: string, text: string | null) => void) | null = null;
  onTruncated: ((itemId: string, audioEndMs: number) => void) | null = null;

  private config: RealtimeSessionCreateRequest;
  private readonly sessionId = id('sess');
  private input: Buffer[] = [];
  private inputBytes = 0;
  private readonly items = new Map<string, StoredItem>();
  private lastItemId: string | null = null;
  private lastUserInput: LastUserInput = null;
  private response: ActiveResponse | null = null;
  private disposed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: { pacing: SimulatorPacing; maxSessionMs?: number | undefined },
  ) {
    this.config = {
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: '',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: SAMPLE_RATE },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 200,
          },
        },
        output: { format: { type: 'audio/pcm', rate: SAMPLE_RATE }, voice: 'marin', speed: 1 },
      },
      tools: [],
      tool_choice: 'auto',
      max_output_tokens: 'inf',
    };
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  begin(): void {
    this.send({ type: 'session.created', event_id: id('event'), session: this.sessionObject() });
    if (this.options.maxSessionMs !== undefined) {
      // As the service does at its limit: an error event, then the socket goes away.
      this.expiry = setTimeout(() => {
        this.error('session_expired', 'Your session hit the maximum duration of 60 minutes.', null);
        this.socket.close(1001, 'session expired');
      }, this.options.maxSessionMs);
    }
  }

  private expiry: NodeJS.Timeout | null = null;

  dispose(): void {
    this.disposed = true;
    if (this.expiry) clearTimeout(this.expiry);
    if (this.response?.timer) clearTimeout(this.response.timer);
    this.response = null;
  }

  private sessionObject(): RealtimeSessionCreateRequest {
    return {
      ...this.config,
      id: this.sessionId,
      object: 'realtime.session',
    } as RealtimeSessionCreateRequest;
  }

  private send(event: RealtimeServerEvent): void {
    if (this.disposed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(event));
  }

  private error(
    code: string,
    message: string,
    eventId: string | null,
    param: string | null = null,
  ): void {
    this.send({
      type: 'error',
      event_id: id('event'),
      error: { type: 'invalid_request_error', code, message, param, event_id: eventId },
    });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.error(
        'invalid_event',
        'Binary frames are not supported. Send each client event as a JSON text frame.',
        null,
      );
      return;
    }
    let event: RealtimeClientEvent;
    try {
      event = JSON.parse(data.toString()) as RealtimeClientEvent;
    } catch {
      this.error('invalid_event', 'The message is not valid JSON.', null);
      return;
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') {
      this.error('invalid_event', "Missing required parameter: 'type'.", null, 'type');
      return;
    }
    this.onClientEvent?.(event.type);
    const eventId = typeof event.event_id === 'string' ? event.event_id : null;
    switch (event.type) {
      case 'session.update':
        return this.updateSession(event.session as RealtimeSessionCreateRequest, eventId);
      case 'input_audio_buffer.append':
        return this.append(event.audio, eventId);
      case 'input_audio_buffer.clear':
        this.input = [];
        this.inputBytes = 0;
        return this.send({ type: 'input_audio_buffer.cleared', event_id: id('event') });
      case 'input_audio_buffer.commit':
        return this.commit(eventId);
      case 'conversation.item.create':
        return this.createItem(event.item, eventId);
      case 'conversation.item.delete':
        if (!this.items.delete(event.item_id)) {
          return this.error(
            'item_not_found',
            `Item with item_id '${event.item_id}' not found.`,
            eventId,
            'item_id',
          );
        }
        return this.send({
          type: 'conversation.item.deleted',
          event_id: id('event'),
          item_id: event.item_id,
        });
      case 'conversation.item.truncate':
        return this.truncate(event.item_id, event.content_index, event.audio_end_ms, eventId);
      case 'response.create':
        return this.startResponse(eventId);
      case 'response.cancel':
        return this.cancelResponse(eventId);
      default:
        return this.error(
          'invalid_event',
          `Invalid value: '${String((event as { type: unknown }).type)}'. This event type is not supported by Hark's simulator.`,
          eventId,
          'type',
        );
    }
  }

  private updateSession(
    update: RealtimeSessionCreateRequest | undefined,
    eventId: string | null,
  ): void {
    if (!update || typeof update !== 'object') {
      return this.error(
        'missing_required_parameter',
        "Missing required parameter: 'session'.",
        eventId,
        'session',
      );
    }
    const beta = [
      'input_audio_format',
      'output_audio_format',
      'modalities',
      'turn_detection',
      'voice',
    ].find((key) => key in update);
    if (beta) {
      return this.error(
        'unknown_parameter',
        `Unknown parameter: 'session.${beta}'.`,
        eventId,
        `session.${beta}`,
      );
    }
    if (update.type !== 'realtime') {
      return this.error(
        'invalid_value',
        "Invalid value for 'session.type': expected 'realtime'.",
        eventId,
        'session.type',
      );
    }
    for (const side of ['input', 'output'] as const) {
      const format = update.audio?.[side]?.format as { type?: string; rate?: number } | undefined;
      if (
        format &&
        (format.type !== 'audio/pcm' || (format.rate !== undefined && format.rate !== SAMPLE_RATE))
      ) {
        return this.error(
          'invalid_value',
          `Hark's simulator supports only audio/pcm at ${SAMPLE_RATE} Hz for session.audio.${side}.format.`,
          eventId,
          `session.audio.${side}.format`,
        );
      }
    }
    this.config = {
      ...this.config,
      ...update,
      audio: {
        input: { ...this.config.audio?.input, ...update.audio?.input },
        output: { ...this.config.audio?.output, ...update.audio?.output },
      },
    };
    this.send({ type: 'session.updated', event_id: id('event'), session: this.sessionObject() });
  }

  private append(audio: unknown, eventId: string | null): void {
    if (typeof audio !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(audio)) {
      return this.error(
        'invalid_value',
        "Invalid 'audio': expected base64-encoded PCM16 audio.",
        eventId,
        'audio',
      );
    }
    const bytes = Buffer.from(audio, 'base64');
    if (bytes.byteLength % 2 !== 0) {
      return this.error(
        'invalid_value',
        "Invalid 'audio': PCM16 data must have an even number of bytes.",
        eventId,
        'audio',
      );
    }
    if (this.inputBytes + bytes.byteLength > MAX_INPUT_BYTES) {
      return this.error(
        'input_audio_buffer_full',
        'The input audio buffer is full; commit or clear it.',
        eventId,
      );
    }
    this.input.push(bytes);
    this.inputBytes += bytes.byteLength;
    this.detectVoice(bytes);
  }

  /** server_vad / semantic_vad: find turns in the audio, commit them and reply by itself. */
  private detectVoice(bytes: Buffer): void {
    const detection = this.config.audio?.input?.turn_detection;
    if (!detection) {
      this.vad = null;
      return;
    }
    const silenceMs =
      detection.type === 'server_vad' ? (detection.silence_duration_ms ?? 500) : 500;
    this.vad ??= new VoiceActivity(silenceMs);
    for (const event of this.vad.push(bytes)) {
      if (event.type === 'started') {
        this.speechItemId = id('item');
        this.send({
          type: 'input_audio_buffer.speech_started',
          event_id: id('event'),
          audio_start_ms: event.atMs,
          item_id: this.speechItemId,
        });
        if (this.response && detection.interrupt_response !== false)
          this.finishResponse('cancelled', '');
      } else {
        this.send({
          type: 'input_audio_buffer.speech_stopped',
          event_id: id('event'),
          audio_end_ms: event.atMs,
          item_id: this.speechItemId ?? id('item'),
        });
        this.commit(null, this.speechItemId);
        if (detection.create_response !== false && !this.response) this.startResponse(null);
      }
    }
  }

  private vad: VoiceActivity | null = null;
  private speechItemId: string | null = null;

  private commit(eventId: string | null, itemIdFromVad: string | null = null): void {
    const ms = pcm16BytesToMs(this.inputBytes);
    if (ms < MIN_COMMIT_MS) {
      return this.error(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
        eventId,
      );
    }
    const pcm = Buffer.concat(this.input);
    this.input = [];
    this.inputBytes = 0;
    const itemId = itemIdFromVad ?? id('item');
    const previous = this.lastItemId;
    this.send({
      type: 'input_audio_buffer.committed',
      event_id: id('event'),
      item_id: itemId,
      previous_item_id: previous,
    });
    const item = {
      id: itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'user' as const,
      status: 'completed' as const,
      content: [{ type: 'input_audio' as const }],
    };
    this.addItem(itemId, { role: 'user', audioMs: ms });
    this.send({
      type: 'conversation.item.added',
      event_id: id('event'),
      previous_item_id: previous,
      item,
    });
    this.send({
      type: 'conversation.item.done',
      event_id: id('event'),
      previous_item_id: previous,
      item,
    });
    this.lastUserInput = { kind: 'audio', pcm, ms };
    this.onCommit?.(itemId, pcm);
    if (this.config.audio?.input?.transcription) {
      this.send({
        type: 'conversation.item.input_audio_transcription.completed',
        event_id: id('event'),
        item_id: itemId,
        content_index: 0,
        transcript: `[simulated transcript of ${(ms / 1000).toFixed(1)} s of audio]`,
        usage: { type: 'duration', seconds: ms / 1000 },
      });
    }
  }

  private createItem(item: unknown, eventId: string | null): void {
    const candidate = item as
      { id?: unknown; type?: unknown; role?: unknown; content?: unknown } | undefined;
    if (
      !candidate ||
      candidate.type !== 'message' ||
      !['user', 'assistant', 'system'].includes(String(candidate.role))
    ) {
      return this.error(
        'invalid_value',
        "Hark's simulator accepts only message items (user, assistant, system).",
        eventId,
        'item',
      );
    }
    const itemId = typeof candidate.id === 'string' ? candidate.id : id('item');
    if (this.items.has(itemId)) {
      return this.error(
        'item_already_exists',
        `Item with id '${itemId}' already exists.`,
        eventId,
        'item.id',
      );
    }
    const text = (candidate.content as { type?: string; text?: string }[] | undefined)?.find(
      (part) => part.type === 'input_text' && typeof part.text === 'string',
    )?.text;
    if (candidate.role === 'user' && text) this.lastUserInput = { kind: 'text', text };
    this.onItemCreated?.(itemId, String(candidate.role), text ?? null);
    const previous = this.lastItemId;
    this.addItem(itemId, { role: candidate.role as StoredItem['role'], audioMs: 0 });
    const stored = {
      ...(candidate as object),
      id: itemId,
      object: 'realtime.item',
      status: 'completed',
    } as never;
    this.send({
      type: 'conversation.item.added',
      event_id: id('event'),
      previous_item_id: previous,
      item: stored,
    });
    this.send({
      type: 'conversation.item.done',
      event_id: id('event'),
      previous_item_id: previous,
      item: stored,
    });
  }

  private addItem(itemId: string, item: StoredItem): void {
    this.items.set(itemId, item);
    this.lastItemId = itemId;
  }

  private truncate(
    itemId: string,
    contentIndex: number,
    audioEndMs: number,
    eventId: string | null,
  ): void {
    const item = this.items.get(itemId);
    if (!item)
      return this.error(
        'item_not_found',
        `Item with item_id '${itemId}' not found.`,
        eventId,
        'item_id',
      );
    if (item.role !== 'assistant') {
      return this.error(
        'invalid_value',
        'Only assistant message items can be truncated.',
        eventId,
        'item_id',
      );
    }
    if (!Number.isFinite(audioEndMs) || audioEndMs < 0 || audioEndMs > item.audioMs) {
      return this.error(
        'invalid_value',
        `Audio content of ${Math.round(item.audioMs)}ms is already shorter than ${audioEndMs}ms.`,
        eventId,
        'audio_end_ms',
      );
    }
    item.audioMs = audioEndMs;
    this.onTruncated?.(itemId, audioEndMs);
    this.send({
      type: 'conversation.item.truncated',
      event_id: id('event'),
      item_id: itemId,
      content_index: contentIndex,
      audio_end_ms: audioEndMs,
    });
  }

  private startResponse(eventId: string | null): void {
    if (this.response) {
      return this.error(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.response.id}. Wait until the response is finished before creating a new one.`,
        eventId,
      );
    }
    const responseId = id('resp');
    const itemId = id('item');
    const audio = simulatedReplyAudio(
      this.lastUserInput?.kind === 'audio' ? this.lastUserInput.pcm : null,
    );
    const transcript = replyTranscript(this.lastUserInput);
    const base = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
    const item = {
      id: itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'assistant' as const,
      status: 'in_progress' as const,
      content: [],
    };
    this.response = { id: responseId, itemId, timer: null, sentAudioMs: 0 };
    this.send({
      type: 'response.created',
      event_id: id('event'),
      response: {
        id: responseId,
        object: 'realtime.response',
        status: 'in_progress',
        output: [],
        conversation_id: this.sessionId,
      },
    });
    this.send({
      type: 'response.output_item.added',
      event_id: id('event'),
      response_id: responseId,
      output_index: 0,
      item,
    });
    this.addItem(itemId, { role: 'assistant', audioMs: 0 });
    this.send({
      type: 'conversation.item.added',
      event_id: id('event'),
      previous_item_id: null,
      item,
    });
    this.send({
      type: 'response.content_part.added',
      event_id: id('event'),
      ...base,
      part: { type: 'audio', transcript: '' },
    });

    const words = transcript.split(/(?<= )/);
    const chunks = Math.max(1, Math.ceil(audio.byteLength / CHUNK_BYTES));
    let index = 0;
    const step = (): void => {
      const response = this.response;
      if (!response || response.id !== responseId || this.disposed) return;
      const from = index * CHUNK_BYTES;
      const chunk = audio.subarray(from, Math.min(audio.byteLength, from + CHUNK_BYTES));
      // Spread the words over the audio so the transcript streams alongside it.
      const wordFrom = Math.floor((index * words.length) / chunks);
      const wordTo = Math.floor(((index + 1) * words.length) / chunks);
      const text = words.slice(wordFrom, wordTo).join('');
      if (text)
        this.send({
          type: 'response.output_audio_transcript.delta',
          event_id: id('event'),
          ...base,
          delta: text,
        });
      this.send({
        type: 'response.output_audio.delta',
        event_id: id('event'),
        ...base,
        delta: chunk.toString('base64'),
      });
      response.sentAudioMs += pcm16BytesToMs(chunk.byteLength);
      const stored = this.items.get(itemId);
      if (stored) stored.audioMs = response.sentAudioMs;
      index++;
      if (index < chunks) this.schedule(step);
      else this.finishResponse('completed', transcript);
    };
    this.schedule(step, 0); // the first chunk goes out at once, as the service's does
  }

  private schedule(step: () => void, firstDelay?: number): void {
    if (!this.response) return;
    const delay =
      this.options.pacing === 'realtime'
        ? CHUNK_MS
        : this.options.pacing === 'fast-stream'
          ? CHUNK_MS / 5
          : 0;
    this.response.timer = setTimeout(step, firstDelay ?? delay);
  }

  private finishResponse(status: 'completed' | 'cancelled', transcript: string): void {
    const response = this.response;
    if (!response) return;
    if (response.timer) clearTimeout(response.timer);
    this.response = null;
    const base = {
      response_id: response.id,
      item_id: response.itemId,
      output_index: 0,
      content_index: 0,
    };
    const item = {
      id: response.itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'assistant' as const,
      status: status === 'completed' ? ('completed' as const) : ('incomplete' as const),
      content: [{ type: 'output_audio' as const, transcript }],
    };
    this.send({ type: 'response.output_audio.done', event_id: id('event'), ...base });
    this.send({
      type: 'response.output_audio_transcript.done',
      event_id: id('event'),
      ...base,
      transcript,
    });
    this.send({
      type: 'response.content_part.done',
      event_id: id('event'),
      ...base,
      part: { type: 'audio', transcript },
    });
    this.send({
      type: 'response.output_item.done',
      event_id: id('event'),
      response_id: response.id,
      output_index: 0,
      item,
    });
    this.send({
      type: 'conversation.item.done',
      event_id: id('event'),
      previous_item_id: null,
      item,
    });
    this.send({
      type: 'response.done',
      event_id: id('event'),
      response: {
        id: response.id,
        object: 'realtime.response',
        status,
        ...(status === 'cancelled'
          ? { status_details: { type: 'cancelled', reason: 'client_cancelled' } }
          : {}),
        output: [item],
        conversation_id: this.sessionId,
        output_modalities: ['audio'],
        usage: { total_tokens: 0, input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private cancelResponse(eventId: string | null): void {
    if (!this.response) {
      return this.error(
        'response_cancel_not_active',
        'Cancellation failed: no active response found',
        eventId,
      );
    }
    this.finishResponse('cancelled', '');
  }
}
