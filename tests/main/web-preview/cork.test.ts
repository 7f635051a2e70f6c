import { connect, createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { corkUntil } from '../../../src/main/web-preview/cork';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  sockets.splice(0).forEach((s) => s.destroy());
  servers.splice(0).forEach((s) => s.close());
});

/** A connected client socket, and what its peer receives. */
async function connected(): Promise<{ socket: Socket; received: () => string }> {
  let text = '';
  const server = createServer((peer) => peer.on('data', (d) => (text += d.toString())));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const socket = await new Promise<Socket>((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
  });
  sockets.push(socket);
  return { socket, received: () => text };
}

/** What serveBridge holds: a ws WebSocket, of which corkUntil uses the socket only. */
const wsOver = (socket: Socket | undefined): WebSocket =>
  ({ _socket: socket }) as unknown as WebSocket;

describe('corkUntil', () => {
  it('sends what is written before the release in one write, in order', async () => {
    const { socket, received } = await connected();
    const writev = vi.spyOn(socket as unknown as { _writev: () => void }, '_writev');
    const write = vi.spyOn(socket as unknown as { _write: () => void }, '_write');
    let release: (() => void) | null = null;
    corkUntil(wsOver(socket), (uncork) => (release = uncork));
    corkUntil(wsOver(socket), () => expect.fail('a held socket is not held twice'));
    socket.write('one,');
    socket.write('two,');
    socket.write('three');
    expect(writev).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
    release!();
    expect(writev).toHaveBeenCalledTimes(1);
    expect(write).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(received()).toBe('one,two,three'));
    // Released, the next burst is held again.
    corkUntil(wsOver(socket), (uncork) => process.nextTick(uncork));
    socket.write('four');
    expect(socket.writableCorked).toBe(1);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(socket.writableCorked).toBe(0);
    await vi.waitFor(() => expect(received()).toBe('one,two,threefour'));
  });

  it('leaves a socket it cannot reach, or a destroyed one, alone', () => {
    const release = vi.fn();
    corkUntil(wsOver(undefined), release);
    const destroyed = new Socket();
    destroyed.destroy();
    corkUntil(wsOver(destroyed), release);
    expect(release).not.toHaveBeenCalled();
  });
});
