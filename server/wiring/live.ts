// Socket.IO on the http.Server, and its part of the ordered stop: every live socket is closed right after the
// server stops accepting, so clients see the stop at once and reconnect elsewhere.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';
import { createLive, type LiveServer } from '../live/io.ts';
import type { Closers } from './closers.ts';
import type { Cluster } from '../scale/cluster.ts';

export function wireLive(server: Server, services: Services, log: Logger, edge: Edge, closers: Closers, cluster: Cluster | null = null): LiveServer {
  const io = createLive(server, services, log, edge);
  // Several nodes: rooms, emits and disconnections reach the sockets of every node.
  if (cluster) io.adapter(cluster.socketAdapter());
  closers.add('live sockets', () => {
    io.disconnectSockets(true);
    io.engine.close();
  });
  return io;
}
