// The one http.Server: upgrade requests routed by path prefix (Socket.IO answers its own, '/collab/' is the
// collaboration server, anything else 404), listening on PORT and HOST, and its part of the ordered stop.
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config.ts';
import type { Closers } from './closers.ts';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Requests still running when the server stops get this long to finish before their connections are cut. */
const REQUEST_GRACE_MS = 5000;

export function createHttpServer(app: RequestListener): { server: Server; upgrades: Map<string, UpgradeHandler> } {
  const server = createServer(app);
  const upgrades = new Map<string, UpgradeHandler>();
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/socket.io/')) return; // engine.io's own listener answers it
    for (const [prefix, handler] of upgrades) {
      if (path.startsWith(prefix) || path === prefix.slice(0, -1)) return handler(req, socket, head);
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return { server, upgrades };
}

/** Listens, registers how the server stops, and answers the port it got (PORT=0: any free one). */
export async function listen(server: Server, config: Config, closers: Closers): Promise<number> {
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(config.port, config.host, () => {
      server.off('error', rej);
      res();
    });
  });
  let closed: Promise<void> = Promise.resolve();
  let grace: NodeJS.Timeout | undefined;
  closers.add('stop accepting', () => {
    closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    grace = setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS);
  });
  closers.add('requests', async () => {
    await closed;
    clearTimeout(grace);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : config.port;
}

/** How the address is shown on the console: a wildcard host is reached as localhost, IPv6 in brackets. */
export function shownUrl(config: Config, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}
