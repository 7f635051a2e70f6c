import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  port: number;
  url: string;
  /** The CONNECT targets asked for ("realtime.test:80"). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A CONNECT proxy on 127.0.0.1 that sends every tunnel to `target` (so the Realtime host
 * can have a real-looking name), or refuses each with the HTTP status `refuse`.
 */
export async function startConnectProxy(target: string, refuse?: number): Promise<ConnectProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer();
  server.on('connect', (request, client: Socket) => {
    requests.push(request.url ?? '');
    sockets.add(client);
    if (refuse) {
      client.end(
        `HTTP/1.1 ${refuse} Refused\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const { hostname, port } = new URL(target);
    const upstream = connect(Number(port), hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
