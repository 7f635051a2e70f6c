/**
 * Serves the built renderer's files, nothing outside its folder, and never throws:
 * a missing or unreadable file is a 404, a read that fails midway ends the response.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wav': 'audio/wav',
};

/** Sent with every answer of the preview, refusals included. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // The token is in the path: never hand it to another site in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': "frame-ancestors 'none'",
};

/**
 * `path`: decoded segments below the renderer folder; `['']` is the index. Segments that
 * could step outside (`..`, separators, NUL) are a 404 like any missing file.
 */
export async function serveFile(
  root: string,
  path: readonly string[],
  response: ServerResponse,
  withBody: boolean,
): Promise<void> {
  const segments = path.length === 1 && path[0] === '' ? ['index.html'] : path;
  if (!segments.every(isPlainSegment)) return refuse(response, 404, 'Not found.');
  const file = join(root, ...segments);
  if (!file.startsWith(root + sep)) return refuse(response, 404, 'Not found.');
  try {
    if (!(await stat(file)).isFile()) return refuse(response, 404, 'Not found.');
  } catch {
    return refuse(response, 404, 'Not found.');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (!withBody) {
    response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type });
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.once('error', () => {
    if (response.headersSent) response.destroy();
    else refuse(response, 404, 'Not found.');
  });
  stream.once('open', () => {
    response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type });
    stream.pipe(response);
  });
}

export function refuse(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
  });
  response.end(`${text}\n`);
}

function isPlainSegment(segment: string): boolean {
  return (
    segment !== '' &&
    segment !== '.' &&
    segment !== '..' &&
    !segment.includes('/') &&
    !segment.includes('\\') &&
    !segment.includes('\0')
  );
}
