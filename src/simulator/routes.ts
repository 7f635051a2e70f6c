import type { Duplex } from 'node:stream';

export type Route =
  | { protocol: 'realtime' }
  | { protocol: 'live' }
  | { refusal: { status: number; code: string; message: string; param: string | null } };

export const LIVE_PATH = '/v1/live/sessions';

/**
 * Which protocol an upgrade speaks, by path: `/v1/live/sessions` is GPT-Live, anything
 * else the Realtime API (as before). Refused like the service: a query on the Live path
 * (the model goes in `session.start`, never the URL) and a GPT-Live model on `/v1/realtime`.
 */
export function routeFor(requestUrl: string | undefined): Route {
  const url = new URL(requestUrl ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '');
  if (path === LIVE_PATH) {
    const [name] = [...url.searchParams.keys()];
    if (name === undefined) return { protocol: 'live' };
    return {
      refusal: {
        status: 400,
        code: 'unknown_parameter',
        message:
          name === 'model'
            ? "Unknown parameter: 'model'. Connect to /v1/live/sessions with no query parameters and name the model in session.start (session.model)."
            : `Unknown parameter: '${name}'. Connect to /v1/live/sessions with no query parameters.`,
        param: name,
      },
    };
  }
  const model = url.searchParams.get('model');
  if (model?.startsWith('gpt-live')) {
    return {
      refusal: {
        status: 400,
        code: 'invalid_value',
        message: `Model ${model} is not supported in realtime mode. Connect to ${LIVE_PATH} and name it in session.start.`,
        param: 'model',
      },
    };
  }
  return { protocol: 'realtime' };
}

/** The service's shape for a refused upgrade: an HTTP status and a JSON error body. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  error: { message: string; type: string; code: string | null; param?: string | null },
  extraHeaders = '',
): void {
  const body = JSON.stringify({ error });
  const reason = status === 429 ? 'Too Many Requests' : status === 400 ? 'Bad Request' : 'Error';
  // Destroyed once written: a client that never closes its half must not hold the server.
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
