import { Emitter } from '../../../../src/shared/emitter';
import type { ConversationSession } from '../../../../src/main/conversation/conversation';
import type { RealtimeClientEvent } from '../../../../src/main/realtime/protocol';
import type { EngineCapabilities } from '../../../../src/main/engine/engine';
import { REALTIME_CAPABILITIES } from '../../../../src/main/realtime/session';

/**
 * A session that records what the conversation sends and lets the test play the server,
 * with events in the shape RealtimeSession emits them.
 */
export class FakeSession extends Emitter<Record<string, unknown>> {
  readonly sent: RealtimeClientEvent[] = [];
  activeResponseId: string | null = null;
  readonly connection = { bufferedAmount: 0 };
  /** Realtime's unless a test plays another engine. */
  capabilities: EngineCapabilities = REALTIME_CAPABILITIES;
  /** Input mute commands (push-to-talk on an engine that mutes instead of committing). */
  readonly mutes: boolean[] = [];

  setInputMuted(muted: boolean): string | null {
    if (this.capabilities.pushToTalk !== 'mute') return null;
    this.mutes.push(muted);
    return `mute_${this.mutes.length}`;
  }

  send(event: RealtimeClientEvent): string {
    this.sent.push(event);
    return `evt_${this.sent.length}`;
  }
  appendAudio(pcm: Uint8Array = new Uint8Array()): string {
    return this.send({
      type: 'input_audio_buffer.append',
      audio: Buffer.from(pcm).toString('base64'),
    });
  }
  clearInput(): string {
    return this.send({ type: 'input_audio_buffer.clear' });
  }
  commitInput(): string {
    return this.send({ type: 'input_audio_buffer.commit' });
  }
  createResponse(): string {
    return this.send({ type: 'response.create' });
  }
  cancelResponse(): string {
    return this.send({ type: 'response.cancel' });
  }
  truncate(itemId: string, audioEndMs: number): string {
    return this.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: audioEndMs,
    });
  }

  types(): string[] {
    return this.sent.map((e) => e.type);
  }
  appendedBytes(): number {
    return this.sent
      .filter((e) => e.type === 'input_audio_buffer.append')
      .reduce((n, e) => n + Buffer.from((e as { audio: string }).audio, 'base64').byteLength, 0);
  }
  /** The parsed outputs of every `function_call_output` sent. */
  outputs(): unknown[] {
    return this.sent.flatMap((e) =>
      e.type === 'conversation.item.create' && e.item.type === 'function_call_output'
        ? [JSON.parse(e.item.output)]
        : [],
    );
  }

  /** What the server says, as RealtimeSession emits it. */
  server(name: string, payload: unknown = {}): void {
    this.emit(name, payload);
  }
  responseStarted(id: string): void {
    this.activeResponseId = id;
    this.emit('response-started', { responseId: id });
  }
  functionCall(responseId: string, callId: string, name: string, args: object): void {
    this.emit('server-event', {
      type: 'response.function_call_arguments.done',
      event_id: 'e',
      response_id: responseId,
      item_id: `item_${callId}`,
      output_index: 0,
      call_id: callId,
      name,
      arguments: JSON.stringify(args),
    });
  }
  /** response.done with 1,000 text tokens in and 1,000 audio tokens out. */
  responseDone(id: string, status: string): void {
    this.activeResponseId = null;
    this.emit('response-done', { responseId: id, status, usage: null });
    this.emit('server-event', {
      type: 'response.done',
      event_id: 'e',
      response: {
        id,
        status,
        output: [],
        usage: {
          input_token_details: { text_tokens: 1000 },
          output_token_details: { audio_tokens: 1000 },
        },
      },
    });
  }
  get asSession(): ConversationSession {
    return this as unknown as ConversationSession;
  }
}
