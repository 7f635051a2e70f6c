import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, MAX_BRIDGE_TEXT_BYTES } from '../../shared/web-bridge-protocol';
import type { VoiceController } from '../voice/voice-controller';
import { admit, type PreviewSite } from './access';
import { serveBridge } from './bridge-session';
import { serveAudioBridge } from './bridge-audio';
import { AUDIO_BRIDGE_PATH } from '../../shared/audio-port-protocol';
import { rateLimitedLog } from './rate-limited-log';
import { COMMON_HEADERS, refuse, serveFile } from './static-files';

export interface WebPreview {
  /** Open this: `http://127.0.0.1:PORT/<token>/`. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** Bridged windows served at once (tabs, reloads overlapping); more get a 503. */
export const MAX_BRIDGE_CLIENTS = 4;
/** Open TCP connections (a browser keeps ~6 per host); more are dropped by Node. */
const MAX_CONNECTIONS = 64;
/** Request headers larger than this get a 431 (a browser's are ~1–2 KiB). */
export const MAX_HEADER_BYTES = 8 * 1024;

/**
 * How long a connection may take: all its headers within `headersMs`, the whole request
 * within `requestMs`, idle between keep-alive requests `keepAliveMs`; checked every
 * `checkEveryMs`. So a client sending a header byte a second is dropped after ~10 s.
 */
export const PREVIEW_TIMEOUTS = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

/**
 * The Hark window in a browser: serves the built renderer on 127.0.0.1 and bridges
 * window.hark over a loopback WebSocket to the same VoiceController Electron uses.
 * Guarded by a random per-run token as the first path segment (no cookie: cookies are
 * not scoped by port, so any other local server would receive one), a `Host` check
 * against DNS rebinding, an `Origin` check on the bridge and a cap on clients. The key
 * stays in this process. Nothing a request or frame carries can throw out of here.
 */
export async function startWebPreview(options: {
  controller: VoiceController;
  rendererDir: string;
  port?: number;
  log?: (message: string) => void;
  maxClients?: number;
  /** Shorter limits for tests; the defaults are PREVIEW_TIMEOUTS. */
  timeouts?: Partial<typeof PREVIEW_TIMEOUTS>;
}): Promise<WebPreview> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}: run \`npm run build\` first.`);
  }
  const log = rateLimitedLog(options.log ?? (() => undefined));
  const maxClients = options.maxClients ?? MAX_BRIDGE_CLIENTS;
  const site: PreviewSite = { origin: '', host: '', token: randomBytes(24).toString('base64url') };
  const bridgePath = BRIDGE_PATH.split('/');
  const audioPath = AUDIO_BRIDGE_PATH.split('/');

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    }
    const admission = admit(request, site);
    if (!admission.ok) return refuse(response, admission.status, admission.text);
    if (admission.path.length === 0) {
      // `/<token>`: the page's relative links need the trailing slash.
      response.writeHead(308, { ...COMMON_HEADERS, Location: `/${site.token}/` });
      response.end();
      return;
    }
    await serveFile(rendererDir, admission.path, response, request.method === 'GET');
  };

  const timeouts = { ...PREVIEW_TIMEOUTS, ...options.timeouts };
  const http: Server = createServer(
    {
      // A client that trickles its headers (slowloris) or never finishes is cut off; the
      // preview's own requests are small GETs from this machine.
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (request, response) => {
      onRequest(request, response).catch((error: unknown) => {
        log('request failed', error instanceof Error ? error.message : String(error));
        refuse(response, 500, 'Internal error.');
      });
    },
  );
  http.keepAliveTimeout = timeouts.keepAliveMs;
  http.maxConnections = MAX_CONNECTIONS;
  http.on('error', (error) => log('server error', error.message));

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BRIDGE_TEXT_BYTES });
  const clients = new Set<WebSocket>();
  /** Each page's audio socket (its Worker's): counted apart, one beside each bridge. */
  const audioClients = new Set<WebSocket>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const admission = admit(request, site);
    if (!admission.ok) return refuseUpgrade(socket, admission.status, admission.text);
    const path = admission.path.join('/');
    const audio = path === audioPath.join('/');
    if (!audio && path !== bridgePath.join('/')) {
      return refuseUpgrade(socket, 404, 'Not found.');
    }
    if (request.headers.origin !== site.origin) {
      log('refused bridge', `origin ${JSON.stringify(request.headers.origin ?? 'none')}`);
      return refuseUpgrade(socket, 403, 'The bridge answers only the preview page.');
    }
    const served = audio ? audioClients : clients;
    if (served.size >= maxClients) {
      log('refused bridge', `already ${served.size} clients`);
      return refuseUpgrade(socket, 503, `The preview serves at most ${maxClients} windows.`);
    }
    // `?audio=port`: the page plays reply audio from its audio socket, not from this one.
    const replyAudio = new URL(request.url ?? '', site.origin).searchParams.get('audio') !== 'port';
    wss.handleUpgrade(request, socket, head, (ws) => {
      served.add(ws);
      ws.once('close', () => served.delete(ws));
      if (audio) serveAudioBridge(ws, options.controller, log);
      else serveBridge(ws, options.controller, log, { replyAudio });
    });
  };
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log('upgrade socket error', error.message));
    try {
      onUpgrade(request, socket, head);
    } catch (error) {
      log('upgrade failed', error instanceof Error ? error.message : String(error));
      refuseUpgrade(socket, 500, 'Internal error.');
    }
  });

  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      http.off('error', fail);
      done();
    });
  });
  const port = (http.address() as AddressInfo).port;
  site.host = `127.0.0.1:${port}`;
  site.origin = `http://${site.host}`;
  return {
    url: `${site.origin}/${site.token}/`,
    origin: site.origin,
    token: site.token,
    close: async () => {
      for (const client of [...clients, ...audioClients]) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
      log.flush();
    },
  };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
