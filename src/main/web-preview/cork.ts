/**
 * The frames a page's socket is sent in one burst leave in one write. On loopback a write
 * costs the sender the receiver's side of TCP as well (~35 µs here, most of what a small
 * frame costs), and a server event often makes several frames (a transcript, a status, a
 * health change). `ws` has no public cork: its socket is `_socket`, a `net.Socket`; where
 * that is missing, frames simply go out one by one.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Hold `ws`'s writes until `release` calls back (e.g. `process.nextTick`: the end of this
 * callback; `setImmediate`: the end of this turn of the event loop). A socket already held
 * stays held until its first release.
 */
export function corkUntil(ws: WebSocket, release: (uncork: () => void) => void): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket || socket.writableCorked > 0 || socket.destroyed) return;
  socket.cork();
  release(() => socket.uncork());
}
