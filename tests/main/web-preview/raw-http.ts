import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed without an answer. */
  status: number;
  body: string;
}

/**
 * Sends a request line as written (fetch and http.request would normalise or refuse
 * targets like `//`, `http://[` or `*`) and reads the status line and body.
 * `host: null` sends no Host header; by default it is the server's own.
 */
export function rawRequest(
  port: number,
  requestLine: string,
  options: { host?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const host = options.host === undefined ? `127.0.0.1:${port}` : options.host;
  const lines = [`${requestLine} HTTP/1.1`];
  if (host !== null) lines.push(`Host: ${host}`);
  for (const [name, value] of Object.entries(options.headers ?? {}))
    lines.push(`${name}: ${value}`);
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(lines.join('\r\n'));
  });
}
