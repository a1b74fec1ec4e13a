// Several nodes: with REDIS_URL this node joins the others on that Redis (server/scale/cluster.ts); without it,
// null, and the instance is one node as before. Redis is closed after every document was stored (compactions
// take their lock there).
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { Cluster } from '../scale/cluster.ts';
import type { Closers } from './closers.ts';

export async function openCluster(config: Config, log: Logger, closers: Closers): Promise<Cluster | null> {
  if (!config.redisUrl) return null;
  const clog = log.child({ module: 'cluster' });
  const cluster = await Cluster.open(config.redisUrl, { warn: (d, m) => clog.warn(d, m), error: (d, m) => clog.error(d, m) });
  closers.add('events', () => cluster.close());
  clog.info({ node: cluster.nodeId }, 'joined the other nodes on Redis');
  return cluster;
}
