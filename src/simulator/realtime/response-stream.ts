import type {
  ConversationItem,
  RealtimeResponse,
  RealtimeServerEvent,
} from 'openai/resources/realtime/realtime';
import { pcm16BytesToMs, SAMPLE_RATE } from '../audio';
import type { StoredItem } from './conversation';
import { newId } from '../ids';
import { outputAudioTokens, responseUsage, textTokens, type TokenCount } from './usage';

/**
 * - `realtime`: reply audio at playback speed (100 ms every 100 ms)
 * - `fast-stream`: bursts faster than real time, as the real service does (100 ms every 20 ms)
 * - `instant`: everything at once; for tests that only count events
 */
export type SimulatorPacing = 'realtime' | 'fast-stream' | 'instant';

const CHUNK_MS = 100;
const CHUNK_BYTES = (SAMPLE_RATE * CHUNK_MS * 2) / 1000;
const STEP_DELAY: Record<SimulatorPacing, number> = {
  realtime: CHUNK_MS,
  'fast-stream': CHUNK_MS / 5,
  instant: 0,
};

/** What one response produces. */
export type PlannedOutput =
  | { kind: 'message'; text: string; audio: Buffer | null }
  | { kind: 'function_call'; name: string; arguments: string }
  | {
      kind: 'mcp_call';
      serverLabel: string;
      name: string;
      arguments: string;
      output: string;
      approvalRequestId: string | null;
    }
  | { kind: 'mcp_approval_request'; serverLabel: string; name: string; arguments: string };

export interface ResponseSpec {
  output: PlannedOutput;
  /** null: an out-of-band response (`conversation: "none"`), added to no conversation. */
  conversationId: string | null;
  modality: 'audio' | 'text';
  audioOutput: NonNullable<RealtimeResponse['audio']>['output'];
  maxOutputTokens: number | 'inf';
  metadata: Record<string, string> | null;
  input: TokenCount;
  cachedPrefix: TokenCount;
}

export interface ResponseHost {
  send(event: RealtimeServerEvent): void;
  /** Right after `response.created` (the service reports rate limits there). */
  created(response: StreamedResponse): void;
  /** Add an output item to the conversation; returns the id of the item before it. */
  addItem(entry: StoredItem): string | null;
  /** The response has ended (response.done sent). */
  finished(response: StreamedResponse, outcome: ResponseOutcome): void;
  readonly pacing: SimulatorPacing;
}

export interface ResponseOutcome {
  status: 'completed' | 'cancelled' | 'incomplete';
  items: StoredItem[];
  audioMs: number;
}

type CancelReason = 'client_cancelled' | 'turn_detected';

const ev = (): string => newId('event');

/** One response, streamed event by event at the host's pacing. */
export class StreamedResponse {
  readonly id = newId('resp');
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private readonly items: StoredItem[] = [];
  private current: {
    stored: StoredItem;
    text: string;
    audioBytes: number;
    finish: (status: 'completed' | 'incomplete') => void;
  } | null = null;
  private outputTokens: TokenCount = { text: 0, audio: 0 };
  private audioMs = 0;

  constructor(
    private readonly spec: ResponseSpec,
    private readonly host: ResponseHost,
  ) {}

  get isEnded(): boolean {
    return this.ended;
  }

  get maxOutputTokens(): number | 'inf' {
    return this.spec.maxOutputTokens;
  }

  /** The response object as `response.created` / `response.done` carry it. */
  private object(
    status: RealtimeResponse['status'],
    extra: Partial<RealtimeResponse> = {},
  ): RealtimeResponse {
    return {
      object: 'realtime.response',
      id: this.id,
      status,
      status_details: null as unknown as undefined, // the service sends null until the end
      output: [],
      // null for conversation "none": the service's value, which the types do not allow.
      conversation_id: this.spec.conversationId as string,
      output_modalities: [this.spec.modality],
      max_output_tokens: this.spec.maxOutputTokens,
      audio: { output: this.spec.audioOutput },
      usage: null as unknown as undefined,
      metadata: this.spec.metadata,
      ...extra,
    };
  }

  start(): void {
    this.host.send({
      type: 'response.created',
      event_id: ev(),
      response: this.object('in_progress'),
    });
    this.host.created(this);
    const output = this.spec.output;
    switch (output.kind) {
      case 'message':
        return this.streamMessage(output.text, output.audio);
      case 'function_call':
        return this.streamFunctionCall(output.name, output.arguments);
      case 'mcp_call':
        return this.streamMcpCall(output);
      case 'mcp_approval_request':
        return this.streamApprovalRequest(output);
    }
  }

  cancel(reason: CancelReason): void {
    if (this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current?.finish('incomplete');
    this.end('cancelled', { type: 'cancelled', reason });
  }

  private step(run: () => void, delay = STEP_DELAY[this.host.pacing]): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.ended) run();
    }, delay);
  }

  private addOutputItem(item: ConversationItem & { id: string }, pcm: Buffer | null): StoredItem {
    const stored: StoredItem = { item, pcm, audioMs: 0 };
    this.items.push(stored);
    const outputIndex = this.items.length - 1;
    this.host.send({
      type: 'response.output_item.added',
      event_id: ev(),
      response_id: this.id,
      output_index: outputIndex,
      item: structuredClone(item),
    });
    if (this.spec.conversationId !== null) {
      const previous = this.host.addItem(stored);
      this.host.send({
        type: 'conversation.item.added',
        event_id: ev(),
        previous_item_id: previous,
        item: structuredClone(item),
      });
      stored.previousItemId = previous;
    }
    return stored;
  }

  private itemDone(stored: StoredItem): void {
    const outputIndex = this.items.indexOf(stored);
    this.host.send({
      type: 'response.output_item.done',
      event_id: ev(),
      response_id: this.id,
      output_index: outputIndex,
      item: structuredClone(stored.item),
    });
    if (this.spec.conversationId !== null) {
      this.host.send({
        type: 'conversation.item.done',
        event_id: ev(),
        previous_item_id: stored.previousItemId ?? null,
        item: structuredClone(stored.item),
      });
    }
  }

  private streamMessage(fullText: string, fullAudio: Buffer | null): void {
    const audioMode = this.spec.modality === 'audio';
    let text = fullText;
    let audio = audioMode ? (fullAudio ?? Buffer.alloc(0)) : null;
    // max_output_tokens cuts the reply where its budget ends, as the service does.
    let cut = false;
    if (this.spec.maxOutputTokens !== 'inf') {
      const needed =
        textTokens(text) + (audio ? outputAudioTokens(pcm16BytesToMs(audio.byteLength)) : 0);
      if (needed > this.spec.maxOutputTokens) {
        cut = true;
        const ratio = this.spec.maxOutputTokens / needed;
        text = text.slice(0, Math.floor(text.length * ratio));
        if (audio) audio = audio.subarray(0, Math.floor((audio.byteLength * ratio) / 2) * 2);
      }
    }
    const item = {
      id: newId('item'),
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'assistant' as const,
      status: 'in_progress' as 'in_progress' | 'completed' | 'incomplete',
      content: [] as { type: 'output_audio' | 'output_text'; transcript?: string; text?: string }[],
    };
    const stored = this.addOutputItem(item, audio);
    const outputIndex = this.items.indexOf(stored);
    const base = {
      response_id: this.id,
      item_id: item.id,
      output_index: outputIndex,
      content_index: 0,
    };
    this.host.send({
      type: 'response.content_part.added',
      event_id: ev(),
      ...base,
      part: audioMode ? { type: 'audio', transcript: '' } : { type: 'text', text: '' },
    });

    const words = text.split(/(?<= )/).filter(Boolean);
    const chunks = audio
      ? Math.max(1, Math.ceil(audio.byteLength / CHUNK_BYTES))
      : Math.max(1, Math.ceil(words.length / 3));
    this.current = {
      stored,
      text: '',
      audioBytes: 0,
      finish: (status) => {
        const current = this.current;
        if (!current) return;
        this.current = null;
        const said = current.text;
        item.status = status;
        item.content = audioMode
          ? [{ type: 'output_audio', transcript: said }]
          : [{ type: 'output_text', text: said }];
        this.outputTokens = {
          text: textTokens(said),
          audio: audioMode ? outputAudioTokens(pcm16BytesToMs(current.audioBytes)) : 0,
        };
        if (audioMode) {
          this.host.send({ type: 'response.output_audio.done', event_id: ev(), ...base });
          this.host.send({
            type: 'response.output_audio_transcript.done',
            event_id: ev(),
            ...base,
            transcript: said,
          });
        } else {
          this.host.send({
            type: 'response.output_text.done',
            event_id: ev(),
            ...base,
            text: said,
          });
        }
        this.host.send({
          type: 'response.content_part.done',
          event_id: ev(),
          ...base,
          part: audioMode ? { type: 'audio', transcript: said } : { type: 'text', text: said },
        });
        this.itemDone(stored);
      },
    };
    let index = 0;
    const next = (): void => {
      const current = this.current;
      if (!current) return;
      const piece = words
        .slice(
          Math.floor((index * words.length) / chunks),
          Math.floor(((index + 1) * words.length) / chunks),
        )
        .join('');
      if (piece) {
        current.text += piece;
        this.host.send({
          type: audioMode ? 'response.output_audio_transcript.delta' : 'response.output_text.delta',
          event_id: ev(),
          ...base,
          delta: piece,
        });
      }
      if (audio) {
        const chunk = audio.subarray(
          index * CHUNK_BYTES,
          Math.min(audio.byteLength, (index + 1) * CHUNK_BYTES),
        );
        this.host.send({
          type: 'response.output_audio.delta',
          event_id: ev(),
          ...base,
          delta: chunk.toString('base64'),
        });
        current.audioBytes += chunk.byteLength;
        this.audioMs = pcm16BytesToMs(current.audioBytes);
        stored.audioMs = this.audioMs;
      }
      index++;
      if (index < chunks) return this.step(next);
      current.finish(cut ? 'incomplete' : 'completed');
      if (cut) this.end('incomplete', { type: 'incomplete', reason: 'max_output_tokens' });
      else this.end('completed');
    };
    this.step(next, 0); // the first chunk goes out at once, as the service's does
  }

  private streamFunctionCall(name: string, args: string): void {
    const callId = newId('call');
    const item = {
      id: newId('item'),
      object: 'realtime.item' as const,
      type: 'function_call' as const,
      status: 'in_progress' as 'in_progress' | 'completed',
      name,
      call_id: callId,
      arguments: '',
    };
    const stored = this.addOutputItem(item, null);
    const base = {
      response_id: this.id,
      item_id: item.id,
      output_index: this.items.indexOf(stored),
      call_id: callId,
    };
    const pieces = splitInThree(args);
    let index = 0;
    const next = (): void => {
      const piece = pieces[index++];
      if (piece !== undefined) {
        this.host.send({
          type: 'response.function_call_arguments.delta',
          event_id: ev(),
          ...base,
          delta: piece,
        });
        return this.step(next);
      }
      this.host.send({
        type: 'response.function_call_arguments.done',
        event_id: ev(),
        ...base,
        name,
        arguments: args,
      });
      item.arguments = args;
      item.status = 'completed';
      this.outputTokens = { text: textTokens(name + args), audio: 0 };
      this.itemDone(stored);
      this.end('completed');
    };
    this.step(next, 0);
  }

  private streamMcpCall(call: Extract<PlannedOutput, { kind: 'mcp_call' }>): void {
    const item = {
      id: newId('mcp'),
      type: 'mcp_call' as const,
      server_label: call.serverLabel,
      name: call.name,
      arguments: '',
      approval_request_id: call.approvalRequestId,
      error: null,
      output: null as string | null,
    };
    const stored = this.addOutputItem(item, null);
    const base = { item_id: item.id, output_index: this.items.indexOf(stored) };
    const pieces = splitInThree(call.arguments);
    let index = 0;
    const next = (): void => {
      const piece = pieces[index++];
      if (piece !== undefined) {
        this.host.send({
          type: 'response.mcp_call_arguments.delta',
          event_id: ev(),
          response_id: this.id,
          ...base,
          delta: piece,
          obfuscation: '',
        });
        return this.step(next);
      }
      item.arguments = call.arguments;
      this.host.send({
        type: 'response.mcp_call_arguments.done',
        event_id: ev(),
        response_id: this.id,
        ...base,
        arguments: call.arguments,
      });
      this.host.send({ type: 'response.mcp_call.in_progress', event_id: ev(), ...base });
      this.step(() => {
        item.output = call.output;
        this.host.send({ type: 'response.mcp_call.completed', event_id: ev(), ...base });
        this.outputTokens = { text: textTokens(call.name + call.arguments), audio: 0 };
        this.itemDone(stored);
        this.end('completed');
      });
    };
    this.step(next, 0);
  }

  private streamApprovalRequest(
    request: Extract<PlannedOutput, { kind: 'mcp_approval_request' }>,
  ): void {
    const item = {
      id: newId('mcpr'),
      type: 'mcp_approval_request' as const,
      server_label: request.serverLabel,
      name: request.name,
      arguments: request.arguments,
    };
    const stored = this.addOutputItem(item, null);
    this.step(() => {
      this.outputTokens = { text: textTokens(request.name + request.arguments), audio: 0 };
      this.itemDone(stored);
      this.end('completed');
    }, 0);
  }

  private end(
    status: ResponseOutcome['status'],
    details?: { type: 'cancelled' | 'incomplete'; reason: CancelReason | 'max_output_tokens' },
  ): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.host.send({
      type: 'response.done',
      event_id: ev(),
      response: this.object(status, {
        ...(details ? { status_details: details } : {}),
        output: this.items.map((s) => structuredClone(s.item)),
        usage: responseUsage(this.spec.input, this.spec.cachedPrefix, this.outputTokens),
      }),
    });
    this.host.finished(this, { status, items: this.items, audioMs: this.audioMs });
  }

  dispose(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function splitInThree(text: string): string[] {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
