import type { RawData, WebSocket } from 'ws';
import type { ConversationItem, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { MIN_COMMIT_MS, pcm16BytesToMs } from '../audio';
import { Conversation, storedFromClient, type StoredItem } from './conversation';
import { newId } from '../ids';
import { InputAudio, type InputAudioEvent } from './input-audio';
import { planResponse, ResponsePlanError } from './response-plan';
import { MAX_DECODED_BYTES, readInputImage, type ImageFacts } from './input-image';
import {
  StreamedResponse,
  type ResponseHost,
  type ResponseOutcome,
  type SimulatorPacing,
} from './response-stream';
import {
  applyUpdate,
  initialSession,
  voiceName,
  wireSession,
  type SessionState,
} from './session-state';
import { mcpToolsOf } from './tool-calls';
import { transcribe, type Transcriber } from './transcription';
import { RateLimits, type TokenCount } from './usage';
import { invalidRequest, wireErrorFromIssue, type WireError } from '../wire-errors';
import { readClientFrame } from '../client-frame';
import {
  clientEventSchema,
  type ClientEvent,
  type ClientItem,
  type ResponseParams,
  type SessionUpdate,
} from './wire-schemas';

export type { SimulatorPacing } from './response-stream';

export interface SimulatedSessionOptions {
  pacing: SimulatorPacing;
  maxSessionMs?: number | undefined;
  /** The model named in the URL (`?model=`), reported in the session. */
  model?: string | undefined;
  /** What the simulator "hears" in committed audio; default: a placeholder naming its length. */
  transcribe?: Transcriber | undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One simulated Realtime session bound to one socket: parses client events and answers them. */
export class SimulatedSession implements ResponseHost {
  onClientEvent: ((type: string) => void) | null = null;
  onCommit: ((itemId: string, pcm: Buffer) => void) | null = null;
  onItemCreated: ((itemId: string, role: string, text: string | null) => void) | null = null;
  onTruncated: ((itemId: string, audioEndMs: number) => void) | null = null;
  /** A user message carried an `input_image` that decoded (its facts, never its bytes). */
  onImage: ((itemId: string, facts: ImageFacts) => void) | null = null;

  readonly pacing: SimulatorPacing;
  private state: SessionState;
  private readonly conversationId = newId('conv');
  private readonly conversation = new Conversation();
  private readonly input = new InputAudio();
  private readonly rateLimits = new RateLimits();
  private response: StreamedResponse | null = null;
  private speechItemId: string | null = null;
  /** The voice is fixed once the assistant has spoken, as on the service. */
  private assistantAudioSent = false;
  private listedMcpServers = new Set<string>();
  private previousInput: TokenCount = { text: 0, audio: 0 };
  private expiry: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SimulatedSessionOptions,
  ) {
    this.pacing = options.pacing;
    this.state = initialSession(newId('sess'), options.model ?? 'gpt-realtime');
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  begin(): void {
    this.send({
      type: 'session.created',
      event_id: newId('event'),
      session: wireSession(this.state),
    });
    if (this.options.maxSessionMs !== undefined) {
      // As the service does at its limit: an error event, then the socket goes away.
      this.expiry = setTimeout(() => {
        this.error(
          invalidRequest('session_expired', 'Your session hit the maximum duration of 60 minutes.'),
          null,
        );
        this.socket.close(1001, 'session expired');
      }, this.options.maxSessionMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.expiry) clearTimeout(this.expiry);
    this.response?.dispose();
    this.response = null;
  }

  send(event: RealtimeServerEvent): void {
    if (this.disposed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(event));
  }

  private error(error: WireError, eventId: string | null): void {
    this.send({ type: 'error', event_id: newId('event'), error: { ...error, event_id: eventId } });
  }

  private receive(data: RawData, isBinary: boolean): void {
    const frame = readClientFrame(data, isBinary, {
      code: 'invalid_event',
      message: "The 'type' field is missing.",
    });
    if (!frame.ok)
      return this.error(invalidRequest(frame.code, frame.message, frame.param), frame.eventId);
    const { record, type, eventId } = frame;
    this.onClientEvent?.(type);
    const parsed = clientEventSchema.safeParse(record, { reportInput: true });
    if (!parsed.success) {
      // Like the service, report one problem; an unknown field before anything else.
      const issues = [...parsed.error.issues].sort(
        (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
      );
      return this.error(wireErrorFromIssue(issues[0]!, []), eventId);
    }
    try {
      this.dispatch(parsed.data, eventId);
    } catch (error) {
      // A simulator bug must not take down its host (Hark runs it in its main process).
      this.error(
        {
          type: 'server_error',
          code: 'server_error',
          message: `The simulator failed on ${type}: ${error instanceof Error ? error.message : String(error)}`,
          param: null,
        },
        eventId,
      );
    }
  }

  private dispatch(event: ClientEvent, eventId: string | null): void {
    switch (event.type) {
      case 'session.update':
        return this.updateSession(event.session, eventId);
      case 'input_audio_buffer.append':
        return this.append(event.audio, eventId);
      case 'input_audio_buffer.commit':
        return this.commit(eventId);
      case 'input_audio_buffer.clear':
        this.input.clear();
        return this.send({ type: 'input_audio_buffer.cleared', event_id: newId('event') });
      case 'output_audio_buffer.clear':
        // The service's output audio buffer exists only for WebRTC and SIP connections.
        return this.error(
          invalidRequest(
            'invalid_event',
            'output_audio_buffer.clear is only supported for WebRTC and SIP connections; over a WebSocket, stop playback locally and send response.cancel.',
            'type',
          ),
          eventId,
        );
      case 'conversation.item.create':
        return this.createItem(event.item, event.previous_item_id, eventId);
      case 'conversation.item.retrieve':
        return this.retrieve(event.item_id, eventId);
      case 'conversation.item.truncate':
        return this.truncate(event.item_id, event.content_index, event.audio_end_ms, eventId);
      case 'conversation.item.delete':
        if (!this.conversation.delete(event.item_id))
          return this.itemNotFound(event.item_id, eventId);
        return this.send({
          type: 'conversation.item.deleted',
          event_id: newId('event'),
          item_id: event.item_id,
        });
      case 'response.create':
        return this.startResponse(event.response ?? {}, eventId);
      case 'response.cancel':
        if (!this.response || (event.response_id && event.response_id !== this.response.id)) {
          return this.error(
            invalidRequest(
              'response_cancel_not_active',
              'Cancellation failed: no active response found',
            ),
            eventId,
          );
        }
        return this.response.cancel('client_cancelled');
    }
  }

  private itemNotFound(itemId: string, eventId: string | null, param = 'item_id'): void {
    this.error(
      invalidRequest('item_not_found', `Item with item_id '${itemId}' not found.`, param),
      eventId,
    );
  }

  private updateSession(update: SessionUpdate, eventId: string | null): void {
    for (const side of ['input', 'output'] as const) {
      const format = update.audio?.[side]?.format;
      if (format && format.type !== 'audio/pcm') {
        return this.error(
          invalidRequest(
            'invalid_value',
            `Hark's simulator supports only audio/pcm at 24000 Hz for session.audio.${side}.format (${format.type} is not simulated).`,
            `session.audio.${side}.format.type`,
          ),
          eventId,
        );
      }
    }
    const voice = update.audio?.output?.voice;
    if (
      voice !== undefined &&
      this.assistantAudioSent &&
      voiceName(voice) !== voiceName(this.state.audio.output.voice)
    ) {
      return this.error(
        invalidRequest(
          'cannot_update_voice',
          "Cannot update a conversation's voice if assistant audio is present.",
          'session.audio.output.voice',
        ),
        eventId,
      );
    }
    this.state = applyUpdate(this.state, update);
    this.send({
      type: 'session.updated',
      event_id: newId('event'),
      session: wireSession(this.state),
    });
    this.listMcpTools();
  }

  /** A remote MCP server newly in the session: list its (canned) tools, as the service does. */
  private listMcpTools(): void {
    const current = new Set<string>();
    for (const tool of this.state.tools) {
      if (tool.type !== 'mcp') continue;
      current.add(tool.server_label);
      if (this.listedMcpServers.has(tool.server_label)) continue;
      const item = {
        id: newId('mcpl'),
        type: 'mcp_list_tools' as const,
        server_label: tool.server_label,
        tools: mcpToolsOf(tool), // stored listed, so the conversation's budget counts them
      };
      const stored: StoredItem = { item, pcm: null, audioMs: 0 };
      const { previousItemId } = this.conversation.insert(stored)!;
      this.send({
        type: 'conversation.item.added',
        event_id: newId('event'),
        previous_item_id: previousItemId,
        item: { ...structuredClone(item), tools: [] }, // not listed yet, as the service says
      });
      this.send({ type: 'mcp_list_tools.in_progress', event_id: newId('event'), item_id: item.id });
      this.send({ type: 'mcp_list_tools.completed', event_id: newId('event'), item_id: item.id });
      this.send({
        type: 'conversation.item.done',
        event_id: newId('event'),
        previous_item_id: previousItemId,
        item: structuredClone(item),
      });
    }
    this.listedMcpServers = current; // only the servers still in the session are remembered
  }

  private append(audio: string, eventId: string | null): void {
    if (!BASE64.test(audio)) {
      return this.error(
        invalidRequest(
          'invalid_value',
          "Invalid 'audio': expected base64-encoded PCM16 audio.",
          'audio',
        ),
        eventId,
      );
    }
    const bytes = Buffer.from(audio, 'base64');
    if (bytes.byteLength % 2 !== 0) {
      return this.error(
        invalidRequest(
          'invalid_value',
          "Invalid 'audio': PCM16 data must have an even number of bytes.",
          'audio',
        ),
        eventId,
      );
    }
    const detection = this.state.audio.input.turn_detection;
    for (const event of this.input.append(bytes, detection, this.response !== null)) {
      this.onInputEvent(event, eventId);
    }
  }

  private onInputEvent(event: InputAudioEvent, eventId: string | null): void {
    const detection = this.state.audio.input.turn_detection;
    switch (event.type) {
      case 'overflow':
        return this.error(
          invalidRequest(
            'input_audio_buffer_full',
            "The input audio buffer is full (Hark's simulator holds 2 minutes); commit or clear it. Audio beyond it is dropped.",
          ),
          eventId,
        );
      case 'speech_started':
        this.speechItemId = newId('item');
        this.send({
          type: 'input_audio_buffer.speech_started',
          event_id: newId('event'),
          audio_start_ms: Math.round(event.audioStartMs),
          item_id: this.speechItemId,
        });
        if (this.response && detection?.interrupt_response !== false) {
          this.response.cancel('turn_detected');
        }
        return;
      case 'speech_stopped': {
        const itemId = this.speechItemId ?? newId('item');
        this.speechItemId = null;
        this.send({
          type: 'input_audio_buffer.speech_stopped',
          event_id: newId('event'),
          audio_end_ms: Math.round(event.audioEndMs),
          item_id: itemId,
        });
        this.commit(null, itemId);
        if (detection?.create_response !== false && !this.response) this.startResponse({}, null);
        return;
      }
      case 'idle_timeout': {
        const itemId = newId('item');
        this.send({
          type: 'input_audio_buffer.timeout_triggered',
          event_id: newId('event'),
          audio_start_ms: Math.round(event.audioStartMs),
          audio_end_ms: Math.round(event.audioEndMs),
          item_id: itemId,
        });
        // The (silent) audio is committed and the model answers: it prompts the user.
        this.commit(null, itemId, true);
        if (!this.response) this.startResponse({}, null);
        return;
      }
    }
  }

  private commit(eventId: string | null, itemId: string = newId('item'), force = false): void {
    const ms = this.input.ms;
    if (ms < MIN_COMMIT_MS && !force) {
      return this.error(
        invalidRequest(
          'input_audio_buffer_commit_empty',
          `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
        ),
        eventId,
      );
    }
    const { pcm } = this.input.take();
    // Until transcribed, the service sends `transcript: null` (the types say optional string;
    // clients such as the agents SDK require the key).
    const item = {
      id: itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'user' as const,
      status: 'completed' as const,
      content: [{ type: 'input_audio' as const, transcript: null as string | null }],
    };
    const stored: StoredItem = {
      item: item as ConversationItem & { id: string },
      pcm,
      audioMs: pcm16BytesToMs(pcm.byteLength),
    };
    const { previousItemId } = this.conversation.insert(stored)!;
    this.send({
      type: 'input_audio_buffer.committed',
      event_id: newId('event'),
      item_id: itemId,
      previous_item_id: previousItemId,
    });
    this.sendItemAddedAndDone(stored, previousItemId);
    this.onCommit?.(itemId, pcm);
    const transcription = this.state.audio.input.transcription;
    if (transcription) {
      let result: ReturnType<typeof transcribe>;
      try {
        result = transcribe(pcm, transcription, this.options.transcribe);
      } catch (error) {
        // An embedded transcriber that throws stands for the service failing to transcribe.
        this.send({
          type: 'conversation.item.input_audio_transcription.failed',
          event_id: newId('event'),
          item_id: itemId,
          content_index: 0,
          error: {
            type: 'transcription_error',
            code: 'audio_unintelligible',
            message: error instanceof Error ? error.message : String(error),
          },
        });
        return;
      }
      for (const delta of result.deltas) {
        this.send({
          type: 'conversation.item.input_audio_transcription.delta',
          event_id: newId('event'),
          item_id: itemId,
          content_index: 0,
          delta,
        });
      }
      item.content[0]!.transcript = result.transcript;
      this.send({
        type: 'conversation.item.input_audio_transcription.completed',
        event_id: newId('event'),
        item_id: itemId,
        content_index: 0,
        transcript: result.transcript,
        usage: result.usage,
      });
    }
  }

  private sendItemAddedAndDone(stored: StoredItem, previousItemId: string | null): void {
    const wire = structuredClone(stored.item);
    this.send({
      type: 'conversation.item.added',
      event_id: newId('event'),
      previous_item_id: previousItemId,
      item: wire,
    });
    this.send({
      type: 'conversation.item.done',
      event_id: newId('event'),
      previous_item_id: previousItemId,
      item: wire,
    });
  }

  private createItem(
    item: ClientItem,
    previousId: string | null | undefined,
    eventId: string | null,
  ): void {
    const itemId = item.id ?? newId('item');
    if (this.conversation.has(itemId)) {
      return this.error(
        invalidRequest(
          'item_already_exists',
          `Item with id '${itemId}' already exists.`,
          'item.id',
        ),
        eventId,
      );
    }
    // Each image is checked as the service would: a bad one refuses the whole item.
    const images: ImageFacts[] = [];
    if (item.type === 'message') {
      let budget = MAX_DECODED_BYTES; // shared by the item's images
      for (const [index, part] of item.content.entries()) {
        if (part.type !== 'input_image') continue;
        const reading = readInputImage(part.image_url, budget);
        if (!reading.ok)
          return this.error(
            invalidRequest('invalid_value', reading.message, `item.content[${index}].image_url`),
            eventId,
          );
        budget -= reading.decodedBytes;
        images.push(reading.facts);
      }
    }
    const stored = storedFromClient(item, itemId);
    if (images.length > 0 && item.type === 'message' && item.role === 'user')
      stored.image = images.at(-1);
    const placed = this.conversation.insert(stored, previousId);
    if (!placed) return this.itemNotFound(String(previousId), eventId, 'previous_item_id');
    if (item.type === 'message') {
      const text = item.content.map((part) => ('text' in part ? part.text : '')).join('');
      this.onItemCreated?.(itemId, item.role, text || null);
      for (const facts of images) this.onImage?.(itemId, facts);
    }
    this.sendItemAddedAndDone(stored, placed.previousItemId);
    // The service goes on by itself once an MCP approval is answered (the agents SDK relies
    // on it: it sends no response.create after an approval).
    if (item.type === 'mcp_approval_response' && !this.response) this.startResponse({}, null);
  }

  private retrieve(itemId: string, eventId: string | null): void {
    const item = this.conversation.retrieved(itemId);
    if (!item) return this.itemNotFound(itemId, eventId);
    this.send({ type: 'conversation.item.retrieved', event_id: newId('event'), item });
  }

  private truncate(
    itemId: string,
    contentIndex: number,
    audioEndMs: number,
    eventId: string | null,
  ): void {
    if (!this.conversation.has(itemId)) return this.itemNotFound(itemId, eventId);
    const refused = this.conversation.truncate(itemId, contentIndex, audioEndMs);
    if (refused) return this.error(refused, eventId);
    this.onTruncated?.(itemId, audioEndMs);
    this.send({
      type: 'conversation.item.truncated',
      event_id: newId('event'),
      item_id: itemId,
      content_index: contentIndex,
      audio_end_ms: audioEndMs,
    });
  }

  private startResponse(params: ResponseParams, eventId: string | null): void {
    if (this.response) {
      return this.error(
        invalidRequest(
          'conversation_already_has_active_response',
          `Conversation already has an active response in progress: ${this.response.id}. Wait until the response is finished before creating a new one.`,
        ),
        eventId,
      );
    }
    let spec;
    try {
      spec = planResponse({
        params,
        session: this.state,
        conversation: this.conversation,
        conversationId: this.conversationId,
        previousInput: this.previousInput,
      });
    } catch (error) {
      if (error instanceof ResponsePlanError) return this.error(error.wire, eventId);
      throw error;
    }
    if (spec.conversationId !== null && !params.input) this.previousInput = spec.input;
    this.response = new StreamedResponse(spec, this);
    this.response.start();
  }

  created(response: StreamedResponse): void {
    // The service reserves the response's output budget in the limits it reports here.
    const max = response.maxOutputTokens;
    this.send({
      type: 'rate_limits.updated',
      event_id: newId('event'),
      rate_limits: this.rateLimits.reserve(max === 'inf' ? 4096 : max),
    });
  }

  addItem(entry: StoredItem): string | null {
    return this.conversation.insert(entry)!.previousItemId;
  }

  finished(response: StreamedResponse, outcome: ResponseOutcome): void {
    if (this.response === response) this.response = null;
    if (outcome.audioMs > 0) this.assistantAudioSent = true;
  }
}
