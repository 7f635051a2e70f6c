import type {
  Response,
  ResponseContentPartAddedEvent,
  ResponseContentPartDoneEvent,
  ResponseFunctionCallArgumentsDeltaEvent,
  ResponseFunctionCallArgumentsDoneEvent,
  ResponseFunctionToolCall,
  ResponseOutputItemAddedEvent,
  ResponseOutputItemDoneEvent,
  ResponseOutputMessage,
  ResponseTextDeltaEvent,
  ResponseTextDoneEvent,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { newId } from '../ids';
import { backendTokens } from './tokens';
import type { ResponsesConfig } from './wire-schemas';

/**
 * What the backend's run produces: one function call, an MCP tool call waiting for the
 * user's approval, or text for the voice to speak.
 */
export type BackendOutput =
  | { kind: 'function_call'; callId: string; name: string; arguments: string }
  | {
      kind: 'mcp_approval_request';
      id: string;
      serverLabel: string;
      name: string;
      arguments: string;
    }
  | { kind: 'text'; text: string };

/** The response snapshot as the wire carries it (`output_text` is the SDK's own getter). */
type Snapshot = Omit<Response, 'output_text'>;

/**
 * The nested Responses stream of one backend run, in the service's order:
 * `response.created` → `response.in_progress` → the output item's events →
 * `response.completed`. Lifecycle snapshots carry no input, instructions, tools or output
 * ("omit input and clear instructions, tools, and output"); `completed` has `output: []`
 * and the run's token usage.
 */
export function backendEvents(
  config: ResponsesConfig,
  output: BackendOutput,
  inputText: string,
): Record<string, unknown>[] {
  const responseId = newId('resp');
  let sequence = 0;
  const seq = (): number => sequence++;
  const snapshot = (
    status: 'in_progress' | 'completed',
    usage: ResponseUsage | null,
  ): Snapshot => ({
    id: responseId,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: config.model,
    output: [],
    instructions: null,
    tools: [],
    tool_choice: typeof config.tool_choice === 'string' ? config.tool_choice : 'auto',
    parallel_tool_calls: config.parallel_tool_calls ?? true,
    temperature: null,
    top_p: null,
    error: null,
    incomplete_details: null,
    metadata: null,
    access_programs: null,
    max_output_tokens: config.max_output_tokens ?? null,
    ...(usage ? { usage } : {}),
  });
  const events: Record<string, unknown>[] = [
    { type: 'response.created', sequence_number: seq(), response: snapshot('in_progress', null) },
    {
      type: 'response.in_progress',
      sequence_number: seq(),
      response: snapshot('in_progress', null),
    },
  ];
  let outputTokens: number;
  if (output.kind === 'function_call') {
    const id = newId('fc');
    const item = (status: 'in_progress' | 'completed', args: string): ResponseFunctionToolCall => ({
      id,
      type: 'function_call',
      call_id: output.callId,
      name: output.name,
      arguments: args,
      status,
    });
    events.push(
      {
        type: 'response.output_item.added',
        sequence_number: seq(),
        output_index: 0,
        item: item('in_progress', ''),
      } satisfies ResponseOutputItemAddedEvent,
      {
        type: 'response.function_call_arguments.delta',
        sequence_number: seq(),
        item_id: id,
        output_index: 0,
        delta: output.arguments,
      } satisfies ResponseFunctionCallArgumentsDeltaEvent,
      {
        type: 'response.function_call_arguments.done',
        sequence_number: seq(),
        item_id: id,
        output_index: 0,
        arguments: output.arguments,
      } satisfies ResponseFunctionCallArgumentsDoneEvent,
      {
        type: 'response.output_item.done',
        sequence_number: seq(),
        output_index: 0,
        item: item('completed', output.arguments),
      } satisfies ResponseOutputItemDoneEvent,
    );
    outputTokens = backendTokens(output.name + output.arguments);
  } else if (output.kind === 'mcp_approval_request') {
    const item = {
      id: output.id,
      type: 'mcp_approval_request' as const,
      server_label: output.serverLabel,
      name: output.name,
      arguments: output.arguments,
    };
    events.push(
      {
        type: 'response.output_item.added',
        sequence_number: seq(),
        output_index: 0,
        item,
      } satisfies ResponseOutputItemAddedEvent,
      {
        type: 'response.output_item.done',
        sequence_number: seq(),
        output_index: 0,
        item,
      } satisfies ResponseOutputItemDoneEvent,
    );
    outputTokens = backendTokens(output.name + output.arguments);
  } else {
    const id = newId('msg');
    const message = (
      status: 'in_progress' | 'completed',
      text: string | null,
    ): ResponseOutputMessage => ({
      id,
      type: 'message',
      role: 'assistant',
      status,
      content: text === null ? [] : [{ type: 'output_text', text, annotations: [] }],
    });
    const part = (text: string) => ({ type: 'output_text' as const, text, annotations: [] });
    const at = { item_id: id, output_index: 0, content_index: 0 };
    events.push(
      {
        type: 'response.output_item.added',
        sequence_number: seq(),
        output_index: 0,
        item: message('in_progress', null),
      } satisfies ResponseOutputItemAddedEvent,
      {
        type: 'response.content_part.added',
        sequence_number: seq(),
        ...at,
        part: part(''),
      } satisfies ResponseContentPartAddedEvent,
    );
    for (const delta of output.text.split(/(?<= )/).filter(Boolean)) {
      events.push({
        type: 'response.output_text.delta',
        sequence_number: seq(),
        ...at,
        delta,
        logprobs: [],
      } satisfies ResponseTextDeltaEvent);
    }
    events.push(
      {
        type: 'response.output_text.done',
        sequence_number: seq(),
        ...at,
        text: output.text,
        logprobs: [],
      } satisfies ResponseTextDoneEvent,
      {
        type: 'response.content_part.done',
        sequence_number: seq(),
        ...at,
        part: part(output.text),
      } satisfies ResponseContentPartDoneEvent,
      {
        type: 'response.output_item.done',
        sequence_number: seq(),
        output_index: 0,
        item: message('completed', output.text),
      } satisfies ResponseOutputItemDoneEvent,
    );
    outputTokens = backendTokens(output.text);
  }
  const inputTokens = backendTokens((config.instructions ?? '') + inputText);
  const usage: ResponseUsage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  events.push({
    type: 'response.completed',
    sequence_number: seq(),
    response: snapshot('completed', usage),
  });
  return events;
}
