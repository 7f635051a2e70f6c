/**
 * WebSocket protocol violations written byte by byte (RFC 6455), and a raw client that
 * performs the handshake on a plain `net`/`tls` socket, sends them and reads the server's
 * close code. `ws` itself refuses to produce any of these frames.
 */
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface HostileFrame {
  name: string;
  bytes: Buffer;
  /** The close code the server must answer with; null: any end (e.g. a truncated frame). */
  expectedClose: 1002 | 1007 | 1009 | null;
}

interface FrameParts {
  fin?: boolean;
  rsv?: number; // 0..7 → RSV1..RSV3 bits
  opcode: number;
  payload?: Buffer;
  masked?: boolean;
  /** Claim this length in the header (payload sent as given, possibly shorter). */
  claimedLength?: number | bigint;
}

export function frame(parts: FrameParts): Buffer {
  const payload = parts.payload ?? Buffer.alloc(0);
  const masked = parts.masked ?? true;
  const length = parts.claimedLength ?? payload.length;
  const head = [((parts.fin ?? true) ? 0x80 : 0) | ((parts.rsv ?? 0) << 4) | parts.opcode];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (typeof length === 'bigint' || length > 0xffff) {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  } else if (length > 125) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else head.push(maskBit | length);
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(head), extended, mask, body]);
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const closePayload = (code: number, reason: Buffer = Buffer.alloc(0)): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, reason]);
};

/** The fixed corpus: one frame (or frame sequence) per kind of violation. */
export function hostileFrames(maxPayload: number): HostileFrame[] {
  const frames: HostileFrame[] = [
    {
      name: 'text frame claiming maxPayload + 1 bytes',
      bytes: frame({ opcode: 1, claimedLength: maxPayload + 1, payload: text('{') }),
      expectedClose: 1009,
    },
    {
      name: 'binary frame claiming 2^53 bytes',
      bytes: frame({ opcode: 2, claimedLength: 2n ** 53n }),
      expectedClose: 1009,
    },
    {
      name: 'length with the 64-bit sign bit set',
      bytes: frame({ opcode: 1, claimedLength: 2n ** 63n + 5n }),
      expectedClose: 1009,
    },
    {
      name: 'fragments adding up past maxPayload',
      bytes: Buffer.concat([
        frame({ opcode: 1, fin: false, payload: Buffer.alloc(1000, 0x61) }),
        frame({ opcode: 0, claimedLength: maxPayload, payload: text('a') }),
      ]),
      expectedClose: 1009,
    },
    {
      name: 'invalid UTF-8 in a text frame (4 bytes)',
      bytes: frame({ opcode: 1, payload: Buffer.from([0xff, 0xfe, 0xfd, 0xfc]) }),
      expectedClose: 1007,
    },
    {
      name: 'overlong UTF-8 encoding of "/"',
      bytes: frame({ opcode: 1, payload: Buffer.from([0x22, 0xc0, 0xaf, 0x22]) }),
      expectedClose: 1007,
    },
    {
      name: 'UTF-16 surrogate encoded in UTF-8',
      bytes: frame({ opcode: 1, payload: Buffer.from([0xed, 0xa0, 0x80]) }),
      expectedClose: 1007,
    },
    {
      name: 'invalid UTF-8 split across fragments',
      bytes: Buffer.concat([
        frame({ opcode: 1, fin: false, payload: Buffer.from([0x7b, 0xe2, 0x82]) }),
        frame({ opcode: 0, payload: Buffer.from([0x41]) }),
      ]),
      expectedClose: 1007,
    },
    {
      name: 'invalid UTF-8 in a close reason',
      bytes: frame({ opcode: 8, payload: closePayload(1000, Buffer.from([0xff, 0xff])) }),
      expectedClose: 1007,
    },
    {
      name: 'unmasked text frame',
      bytes: frame({ opcode: 1, masked: false, payload: text('{"type":"session.update"}') }),
      expectedClose: 1002,
    },
    {
      name: 'unmasked close frame',
      bytes: frame({ opcode: 8, masked: false, payload: closePayload(1000) }),
      expectedClose: 1002,
    },
    {
      name: 'close frame with a 1-byte body',
      bytes: frame({ opcode: 8, payload: Buffer.from([3]) }),
      expectedClose: 1002,
    },
    ...[0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535].map((code) => ({
      name: `close frame with invalid code ${code}`,
      bytes: frame({ opcode: 8, payload: closePayload(code) }),
      expectedClose: 1002 as const,
    })),
    {
      name: 'fragmented ping (FIN clear)',
      bytes: frame({ opcode: 9, fin: false, payload: text('p') }),
      expectedClose: 1002,
    },
    {
      name: 'fragmented close (FIN clear)',
      bytes: frame({ opcode: 8, fin: false, payload: closePayload(1000) }),
      expectedClose: 1002,
    },
    {
      name: 'ping with a 126-byte payload',
      bytes: frame({ opcode: 9, payload: Buffer.alloc(126, 0x70) }),
      expectedClose: 1002,
    },
    {
      name: 'continuation frame with nothing to continue',
      bytes: frame({ opcode: 0, payload: text('x') }),
      expectedClose: 1002,
    },
    {
      name: 'new text frame inside a fragmented message',
      bytes: Buffer.concat([
        frame({ opcode: 1, fin: false, payload: text('{"a":') }),
        frame({ opcode: 1, payload: text('1}') }),
      ]),
      expectedClose: 1002,
    },
  ];
  for (const opcode of [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]) {
    frames.push({
      name: `reserved opcode 0x${opcode.toString(16)}`,
      bytes: frame({ opcode, payload: text('{}') }),
      expectedClose: 1002,
    });
  }
  for (const rsv of [1, 2, 3, 4, 5, 6, 7]) {
    frames.push({
      name: `reserved bits ${rsv.toString(2).padStart(3, '0')} on a text frame`,
      bytes: frame({ opcode: 1, rsv, payload: text('{}') }),
      expectedClose: 1002,
    });
    frames.push({
      name: `reserved bits ${rsv.toString(2).padStart(3, '0')} on a ping`,
      bytes: frame({ opcode: 9, rsv, payload: text('p') }),
      expectedClose: 1002,
    });
  }
  const truncated = frame({ opcode: 1, payload: Buffer.alloc(300, 0x61) });
  for (const cut of [1, 2, 3, 4, 7, 8, 20]) {
    frames.push({
      name: `frame truncated after ${cut} bytes, then the socket ends`,
      bytes: truncated.subarray(0, cut),
      expectedClose: null,
    });
  }
  frames.push({
    name: '64-bit length header truncated after 5 bytes',
    bytes: frame({ opcode: 2, claimedLength: 70_000, payload: Buffer.alloc(10) }).subarray(0, 5),
    expectedClose: null,
  });
  return frames;
}

export interface RawTarget {
  port: number;
  /** Request target, e.g. `/v1/realtime?model=gpt-realtime`. */
  path: string;
  tls?: boolean;
  headers?: Record<string, string>;
}

export interface RawOutcome {
  /** The upgrade's HTTP status (101 when admitted; 0: no answer). */
  status: number;
  /** The close code the server sent, or null when it sent none before the socket ended. */
  closeCode: number | null;
}

function open(target: RawTarget): Socket {
  return target.tls
    ? tlsConnect({ port: target.port, host: '127.0.0.1', rejectUnauthorized: false })
    : netConnect(target.port, '127.0.0.1');
}

/**
 * Handshakes, sends `bytes` once upgraded (then ends our side when `endAfterSending`, so a
 * truncated frame stays truncated) and reports what came back: the status line and the
 * server's close code.
 */
export function sendRaw(
  target: RawTarget,
  bytes: Buffer,
  endAfterSending = false,
  timeoutMs = 5_000,
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = open(target);
    let received = Buffer.alloc(0);
    let status = 0;
    let closeCode: number | null = null;
    let sent = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, closeCode });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('error', () => undefined); // the server may reset us; that is an answer too
    socket.on('close', finish);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!status) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))?.[1] ?? 0);
        received = received.subarray(end + 4);
        if (status !== 101) return finish();
        if (!sent) {
          sent = true;
          socket.write(bytes);
          if (endAfterSending) socket.end();
        }
      }
      const code = firstCloseCode(received);
      if (code !== undefined) {
        closeCode = code;
        finish();
      }
    });
    const headers = {
      Host: `127.0.0.1:${target.port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      ...target.headers,
    };
    const lines = [
      `GET ${target.path} HTTP/1.1`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The code of the first close frame among the server's (unmasked) frames, if complete. */
function firstCloseCode(data: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (offset + 2 > data.length) return undefined;
      length = data.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      if (offset + 8 > data.length) return undefined;
      length = Number(data.readBigUInt64BE(offset));
      offset += 8;
    }
    if (offset + length > data.length) return undefined;
    if (opcode === 8) return length >= 2 ? data.readUInt16BE(offset) : 1005;
    at = offset + length;
  }
  return undefined;
}
