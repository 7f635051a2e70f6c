import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  IpcValidationError,
  validateAudioFrame,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateTalkSource,
  validateText,
} from '../../shared/ipc';
import {
  BRIDGE_METHODS,
  BRIDGE_PATH,
  encodeOutputAudio,
  TOKEN_COOKIE,
  type BridgeCall,
  type BridgeEventName,
  type BridgeServerMessage,
} from '../../shared/web-bridge-protocol';
import type { VoiceController } from '../realtime/voice-controller';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wav': 'audio/wav',
};

export interface WebPreview {
  /** Open this (it carries the per-run token). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/**
 * The Hark window in a browser: serves the built renderer on 127.0.0.1 and bridges
 * window.hark over a loopback WebSocket to the same VoiceController Electron uses. Guarded
 * by a random per-run token (URL, then an HttpOnly cookie) and an Origin check; the key
 * stays in this process.
 */
export async function startWebPreview(options: {
  controller: VoiceController;
  rendererDir: string;
  port?: number;
  log?: (message: string) => void;
}): Promise<WebPreview> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}: run \`npm run build\` first.`);
  }
  const token = randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  let origin = '';

  const authorised = (request: IncomingMessage): boolean => {
    const url = new URL(request.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? cookie(request, TOKEN_COOKIE);
    return given !== null && sameSecret(given, token);
  };

  const http: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'Method not allowed');
    if (!authorised(request))
      return refuse(response, 403, 'This Hark preview needs the link with its token.');
    const url = new URL(request.url ?? '/', origin);
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    serveFile(rendererDir, url.pathname, headers, response);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname !== BRIDGE_PATH || request.headers.origin !== origin || !authorised(request)) {
      log(`refused a bridge connection from origin ${request.headers.origin ?? 'none'}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => bridge(ws, options.controller, log));
  });

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}

function bridge(ws: WebSocket, controller: VoiceController, log: (message: string) => void): void {
  const send = (message: BridgeServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const event = (name: BridgeEventName) => (payload: unknown) =>
    send({ event: name, payload: payload ?? null });
  const offs = [
    controller.on('health', event('health')),
    controller.on('settings', event('settings')),
    controller.on('transcript', event('transcript')),
    controller.on('notice', event('notice')),
    controller.on('output-done', event('output-done')),
    controller.on('output-stop', event('output-stop')),
    controller.on('capture', event('capture')),
    controller.on('output-audio', ({ itemId, pcm }) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeOutputAudio(itemId, pcm), { binary: true });
    }),
  ];
  ws.on('close', () => offs.forEach((off) => off()));
  ws.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (isBinary) {
      try {
        controller.pushAudioFrame(
          validateAudioFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
        );
      } catch (error) {
        if (!(error instanceof IpcValidationError)) throw error;
        log(`rejected audio frame: ${error.message}`);
      }
      return;
    }
    let call: BridgeCall;
    try {
      call = JSON.parse(bytes.toString('utf8')) as BridgeCall;
    } catch {
      log('rejected a bridge message that is not JSON');
      return;
    }
    void dispatch(controller, call).then(
      (result) => call.id !== undefined && send({ id: call.id, result }),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (call.id !== undefined) send({ id: call.id, result: { ok: false, error: message } });
      },
    );
  });
}

async function dispatch(controller: VoiceController, call: BridgeCall): Promise<unknown> {
  if (!BRIDGE_METHODS.includes(call.method))
    throw new IpcValidationError(`unknown method ${String(call.method)}`);
  switch (call.method) {
    case 'getState':
      return controller.snapshot();
    case 'connect':
      return controller.connect();
    case 'disconnect':
      return controller.disconnect();
    case 'retry':
      return controller.retryNow();
    case 'talkStart':
      return controller.talkStart(validateTalkSource(call.arg));
    case 'talkStop':
      return controller.talkStop(validateTalkSource(call.arg));
    case 'talkCancel':
      return controller.talkCancel();
    case 'talkEnd':
      return controller.talkLost();
    case 'sendText':
      return controller.sendText(validateText(call.arg));
    case 'recordHotkey':
      return { ok: false, error: 'Global hotkeys exist only in the desktop app.' };
    case 'saveSettings':
      return controller.saveSettings(validateSettingsUpdate(call.arg));
    case 'reportPlayback':
      controller.reportPlayback(validatePlaybackReport(call.arg));
      return { ok: true };
  }
}

function serveFile(
  root: string,
  pathname: string,
  headers: Record<string, string>,
  response: ServerResponse,
): void {
  const relative =
    pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return refuse(response, 404, 'Not found');
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
  });
  createReadStream(file).pipe(response);
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(`${text}\n`);
}

function cookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
