// A TCP relay in front of a PostgreSQL server that can go silent: while frozen it accepts connections and swallows
// bytes without a word, both ways, as a network partition does (no refusal, no reset). Thawing delivers what was held.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Proxy {
  /** The server's URL with host and port replaced by the relay's. */
  url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startProxy(serverUrl: string): Promise<Proxy> {
  const target = new URL(serverUrl);
  const sockets = new Set<Socket>();
  let held: (() => void)[] | null = null;
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      if (held === null) to.write(chunk);
      else held.push(() => to.write(chunk));
    });
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(serverUrl);
  url.host = `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return {
    url: url.toString(),
    freeze() {
      held ??= [];
    },
    thaw() {
      const writes = held ?? [];
      held = null;
      for (const write of writes) write();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
