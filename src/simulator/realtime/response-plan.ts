import type { ConversationItem } from 'openai/resources/realtime/realtime';
import { pcm16BytesToMs } from '../audio';
import type { Conversation, StoredItem } from './conversation';
import {
  replyTranscript,
  simulatedReplyAudio,
  toolResultReply,
  type LastUserInput,
} from './reply-audio';
import type { PlannedOutput, ResponseSpec } from './response-stream';
import type { SessionState } from './session-state';
import { describeImage } from './input-image';
import { chooseToolCall, runMcpTool } from './tool-calls';
import { inputAudioTokens, textTokens, type TokenCount } from './usage';
import { invalidRequest, type WireError } from '../wire-errors';
import type { ResponseParams } from './wire-schemas';

export class ResponsePlanError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

interface PlanInput {
  params: ResponseParams;
  session: SessionState;
  conversation: Conversation;
  conversationId: string;
  previousInput: TokenCount;
}

type ContextItem = Pick<StoredItem, 'item' | 'pcm' | 'image'>;

/**
 * Decide what a `response.create` produces: the session's settings overridden by the
 * event's, over the conversation (or the event's own `input`), answering its last item.
 */
export function planResponse({
  params,
  session,
  conversation,
  conversationId,
  previousInput,
}: PlanInput): ResponseSpec {
  const mode = params.conversation ?? 'auto';
  if (mode !== 'auto' && mode !== 'none') {
    throw new ResponsePlanError(
      invalidRequest(
        'invalid_value',
        `Invalid value: '${mode}'. Supported values are: 'auto', 'none'.`,
        'response.conversation',
      ),
    );
  }
  const context = params.input ? resolveInput(params.input, conversation) : [...conversation.items];
  const modality = params.output_modalities?.[0] ?? session.output_modalities[0];
  const tools = params.tools ?? session.tools;
  const toolChoice = params.tool_choice ?? session.tool_choice;
  const instructions = params.instructions ?? session.instructions;
  const voice = params.audio?.output?.voice ?? session.audio.output.voice;
  const output = decide(context, conversation, tools, toolChoice, modality);
  const input = contextTokens(instructions, JSON.stringify(tools), context);
  const continuing = mode === 'auto' && !params.input;
  return {
    output,
    conversationId: mode === 'none' ? null : conversationId,
    modality,
    audioOutput: {
      format: session.audio.output.format,
      voice: typeof voice === 'string' ? voice : voice.id,
    },
    maxOutputTokens: params.max_output_tokens ?? session.max_output_tokens,
    metadata: params.metadata ?? null,
    input,
    cachedPrefix: continuing ? previousInput : { text: 0, audio: 0 },
  };
}

function resolveInput(
  input: NonNullable<ResponseParams['input']>,
  conversation: Conversation,
): ContextItem[] {
  return input.map((entry, index) => {
    if (entry.type === 'item_reference') {
      const stored = conversation.get(entry.id);
      if (!stored) {
        throw new ResponsePlanError(
          invalidRequest(
            'item_not_found',
            `Item with item_id '${entry.id}' not found.`,
            `response.input.${index}.id`,
          ),
        );
      }
      return stored;
    }
    const pcm =
      entry.type === 'message'
        ? (entry.content
            .map((part) =>
              'audio' in part && part.audio ? Buffer.from(part.audio, 'base64') : null,
            )
            .find((b) => b !== null) ?? null)
        : null;
    return {
      item: { ...entry, id: entry.id ?? 'input' } as ConversationItem & { id: string },
      pcm,
    };
  });
}

function userText(item: ConversationItem): string | null {
  if (item.type !== 'message' || item.role !== 'user') return null;
  return item.content
    .map((part) => part.text ?? part.transcript ?? '')
    .join(' ')
    .trim();
}

function lastUserInput(context: readonly ContextItem[]): LastUserInput {
  for (let i = context.length - 1; i >= 0; i--) {
    const { item, pcm } = context[i]!;
    if (item.type !== 'message' || item.role !== 'user') continue;
    if (pcm && pcm.byteLength >= 2)
      return { kind: 'audio', pcm, ms: pcm16BytesToMs(pcm.byteLength) };
    return { kind: 'text', text: userText(item) ?? '' };
  }
  return null;
}

function message(text: string, modality: 'audio' | 'text', userPcm: Buffer | null): PlannedOutput {
  return {
    kind: 'message',
    text,
    audio: modality === 'audio' ? simulatedReplyAudio(userPcm) : null,
  };
}

function decide(
  context: readonly ContextItem[],
  conversation: Conversation,
  tools: SessionState['tools'],
  toolChoice: SessionState['tool_choice'],
  modality: 'audio' | 'text',
): PlannedOutput {
  const last = context.at(-1)?.item;
  // An image answers for itself: its size, format and average colour (input-image.ts) —
  // sent on its own, or just before a function's output (a tool that showed the screen).
  const image =
    context.at(-1)?.image ??
    (last?.type === 'function_call_output' ? context.at(-2)?.image : undefined);
  if (image) return message(describeImage(image), modality, null);
  if (last?.type === 'function_call_output') {
    const call = conversation.functionCall(last.call_id)?.item;
    const name = call?.type === 'function_call' ? call.name : 'function';
    return message(toolResultReply(name, last.output), modality, null);
  }
  if (last?.type === 'mcp_call' && typeof last.output === 'string') {
    return message(toolResultReply(last.name, last.output), modality, null);
  }
  if (last?.type === 'mcp_approval_response') {
    const request = conversation.get(last.approval_request_id)?.item;
    if (request?.type !== 'mcp_approval_request') {
      return message('There is no MCP approval request with that id to act on.', modality, null);
    }
    if (!last.approve) {
      return message(
        `The call to ${request.name} was not approved, so I did not make it.`,
        modality,
        null,
      );
    }
    return {
      kind: 'mcp_call',
      serverLabel: request.server_label,
      name: request.name,
      arguments: request.arguments,
      output: runMcpTool(request.name, request.arguments),
      approvalRequestId: request.id,
    };
  }
  const said = last ? userText(last) : null;
  if (said !== null) {
    const call = chooseToolCall(said, tools, toolChoice);
    if (call?.kind === 'function')
      return { kind: 'function_call', name: call.name, arguments: call.arguments };
    if (call?.kind === 'mcp') {
      return call.needsApproval
        ? {
            kind: 'mcp_approval_request',
            serverLabel: call.serverLabel,
            name: call.name,
            arguments: call.arguments,
          }
        : {
            kind: 'mcp_call',
            serverLabel: call.serverLabel,
            name: call.name,
            arguments: call.arguments,
            output: runMcpTool(call.name, call.arguments),
            approvalRequestId: null,
          };
    }
  }
  const user = lastUserInput(context);
  return message(replyTranscript(user), modality, user?.kind === 'audio' ? user.pcm : null);
}

/** The input a response reads: instructions, tools and every context item. */
function contextTokens(
  instructions: string,
  toolsJson: string,
  context: readonly ContextItem[],
): TokenCount {
  let text = textTokens(instructions) + (toolsJson === '[]' ? 0 : textTokens(toolsJson));
  let audio = 0;
  for (const { item, pcm } of context) {
    if (item.type === 'message') {
      for (const part of item.content) {
        text += textTokens(part.text ?? ('transcript' in part ? (part.transcript ?? '') : ''));
      }
    } else if (item.type === 'function_call') text += textTokens(item.name + item.arguments);
    else if (item.type === 'function_call_output') text += textTokens(item.output);
    else if (item.type === 'mcp_call') text += textTokens(item.arguments + (item.output ?? ''));
    if (pcm) audio += inputAudioTokens(pcm16BytesToMs(pcm.byteLength));
  }
  return { text, audio };
}
