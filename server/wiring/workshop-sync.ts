// Workshops kept consistent across nodes (server/scale/workshop-sync.ts): every write of a workshop through this
// node is told to the others; what the others wrote is read again here. Nothing on a single node.
import type { Logger } from 'pino';
import { toId } from '../data/models.ts';
import type { Services } from '../domain/services.ts';
import type { Cluster } from '../scale/cluster.ts';
import { WorkshopSync } from '../scale/workshop-sync.ts';
import type { Closers } from './closers.ts';

export async function wireWorkshopSync(services: Services, cluster: Cluster | null, log: Logger, closers: Closers): Promise<WorkshopSync | null> {
  if (!cluster) return null;
  const wlog = log.child({ module: 'workshop-sync' });
  const sync = new WorkshopSync({
    cache: services.workshopCache,
    find: (id) => services.workshopsRepo.findById(toId(id)),
    revalidate: (id) => services.workshops.revalidate(id),
    onError: (err, workshopId) => wlog.error({ err, workshopId }, 'a workshop written on another node could not be read again'),
    now: () => services.clock.now().getTime()
  });
  closers.add('documents', async () => sync.stop());
  services.workshopsRepo.onWrite((id) => {
    sync.wroteHere(id);
    cluster.publishWorkshop(id);
  });
  await cluster.onWorkshop((id) => sync.written(id));
  cluster.onReconnect(() => sync.readAll());
  return sync;
}
