import type { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../../../support/servers';

export interface LiveScript {
  /** Answer `session.start` (default: session.started). Return false to answer nothing. */
  onStart?: (
    socket: WebSocket,
    start: { session: Record<string, unknown>; event_id?: string },
  ) => boolean | void;
  /** Every other client event. */
  onEvent?: (socket: WebSocket, event: { type: string; [key: string]: unknown }) => void;
}

export interface LiveServer extends TestServer {
  /** Parsed client events per connection, in order. */
  events: { type: string; [key: string]: unknown }[][];
  sockets: WebSocket[];
  send(event: object, connection?: number): void;
}

/** A scripted GPT-Live server on 127.0.0.1:0: it checks that session.start comes first. */
export async function startLiveServer(script: LiveScript = {}): Promise<LiveServer> {
  const events: LiveServer['events'] = [];
  const sockets: WebSocket[] = [];
  const server = (await startTestServer({
    onSocket: (socket) => {
      const mine: LiveServer['events'][number] = [];
      events.push(mine);
      sockets.push(socket);
      socket.on('message', (data) => {
        const event = JSON.parse(data.toString()) as { type: string; [key: string]: unknown };
        mine.push(event);
        if (mine.length === 1 && event.type !== 'session.start') {
          socket.send(
            JSON.stringify(error('session_not_started', 'session.start must come first')),
          );
          return;
        }
        if (event.type === 'session.start') {
          const answered = script.onStart?.(socket, event as never);
          if (answered === undefined || answered === true) {
            if (answered === undefined)
              socket.send(JSON.stringify(started(event.event_id as string)));
          }
          return;
        }
        script.onEvent?.(socket, event);
      });
    },
  })) as LiveServer;
  server.url = server.url.replace(/\/v1\/realtime\?.*$/, '/v1/live/sessions');
  server.events = events;
  server.sockets = sockets;
  server.send = (event, connection = sockets.length - 1) =>
    sockets[connection]!.send(JSON.stringify(event));
  return server;
}

let ids = 0;
export const evt = (): string => `ev_srv_${++ids}`;

export function started(clientEventId?: string): object {
  return {
    type: 'session.started',
    event_id: evt(),
    client_event_id: clientEventId,
    session: {
      id: `sess_${ids}`,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      model: 'gpt-live-1.1',
      status: 'active',
    },
  };
}

export function error(code: string, message: string): object {
  return {
    type: 'error',
    event_id: evt(),
    error: { code, message, type: 'invalid_request_error' },
  };
}

export function closed(reason: string, seconds = 0): object {
  return { type: 'session.closed', event_id: evt(), reason, session: {}, usage: { seconds } };
}

/** `session.output_audio.delta` of 100 ms: silence, or a tone. */
export function audio(amplitude: number): object {
  const pcm = Buffer.alloc(4800);
  for (let i = 0; i < 2400; i++) pcm.writeInt16LE(Math.round(amplitude * Math.sin(i / 3)), i * 2);
  return { type: 'session.output_audio.delta', event_id: evt(), delta: pcm.toString('base64') };
}

export function transcript(
  role: 'user' | 'assistant',
  delta: string,
  startMs: number,
  endMs: number,
): object {
  return {
    type: role === 'user' ? 'session.input_transcript.delta' : 'session.output_transcript.delta',
    event_id: evt(),
    delta,
    start_ms: startMs,
    end_ms: endMs,
  };
}

/** One delegated function call, wrapped as GPT-Live wraps Responses events. */
export function delegatedCall(
  socket: WebSocket,
  callId: string,
  name: string,
  args: object,
  responseId = `resp_${callId}`,
): void {
  const delegation = `del_${callId}`;
  const send = (event: object): void => socket.send(JSON.stringify(event));
  send({
    type: 'session.delegation.created',
    event_id: evt(),
    delegation: {
      id: delegation,
      target: 'responses',
      type: 'delegation',
      response_id: responseId,
    },
    offset_ms: 0,
  });
  const wrap = (event: object): void =>
    send({ type: 'response.event', event_id: evt(), delegation_id: delegation, event });
  wrap({ type: 'response.created', response: { id: responseId, status: 'in_progress' } });
  wrap({
    type: 'response.output_item.added',
    item: { type: 'function_call', call_id: callId, name, arguments: '' },
  });
  wrap({
    type: 'response.output_item.done',
    item: {
      type: 'function_call',
      status: 'completed',
      call_id: callId,
      name,
      arguments: JSON.stringify(args),
    },
  });
  wrap({
    type: 'response.completed',
    response: {
      id: responseId,
      status: 'completed',
      output: [],
      usage: { input_tokens: 1000, output_tokens: 100 },
    },
  });
}

/**
 * The backend asks for approval of an MCP tool call: `mcp_approval_request` inside
 * `response.event`, in a response that then completes (the call waits for the answer).
 */
export function mcpApprovalRequest(
  socket: WebSocket,
  requestId: string,
  serverLabel: string,
  name: string,
  args: object,
): void {
  const delegation = `del_${requestId}`;
  const responseId = `resp_${requestId}`;
  const send = (event: object): void => socket.send(JSON.stringify(event));
  send({
    type: 'session.delegation.created',
    event_id: evt(),
    delegation: {
      id: delegation,
      target: 'responses',
      type: 'delegation',
      response_id: responseId,
    },
    offset_ms: 0,
  });
  const wrap = (event: object): void =>
    send({ type: 'response.event', event_id: evt(), delegation_id: delegation, event });
  wrap({ type: 'response.created', response: { id: responseId, status: 'in_progress' } });
  wrap({
    type: 'response.output_item.done',
    item: {
      type: 'mcp_approval_request',
      id: requestId,
      server_label: serverLabel,
      name,
      arguments: JSON.stringify(args),
    },
  });
  wrap({
    type: 'response.completed',
    response: { id: responseId, status: 'completed', output: [] },
  });
}
