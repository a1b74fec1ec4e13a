// The collaboration server wired into the instance: its store on the database connection, the declared document
// types, who may open which document (the edge says who is asking, the type asks the policy), and open documents
// that follow access changes at once.
import type mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createCollabServer, documentAuthorizer, type CollabServer } from '../collab/index.ts';
import { MongoCollabPersistence } from '../data/collab-store.ts';
import { sessionAuthenticate } from '../documents/authenticate.ts';
import { documentTypes, type DocumentLimits } from '../documents/index.ts';
import { liveAccess } from '../documents/board.ts';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';
import type { Closers } from './closers.ts';

export interface CollabWiring {
  config: Config;
  connection: mongoose.Connection;
  services: Services;
  edge: Edge;
  log: Logger;
  closers: Closers;
  /** Size limits of shared documents (tests lower them). */
  documentLimits?: DocumentLimits;
}

export async function wireCollab({ config, connection, services, edge, log, closers, documentLimits }: CollabWiring): Promise<CollabServer> {
  const collabStore = new MongoCollabPersistence(connection);
  await collabStore.init();
  const types = documentTypes(services, documentLimits);
  const documents = documentAuthorizer(sessionAuthenticate(services, edge), types);
  const clog = log.child({ module: 'collab' });
  const collab = createCollabServer({
    persistence: collabStore,
    types,
    authorize: documents.authorize,
    log: { warn: (d, m) => clog.warn(d, m), error: (d, m) => clog.error(d, m) },
    options: { maxMessageBytes: config.collabMaxMessageBytes }
  });
  // Workshops seed and change boards and drafts as the server, and re-judge their connections when the live
  // state changes what participants may write (a lock, another activity, the timer at zero).
  services.workshopDocuments.join({
    withDocument: (name, fn) => collab.withDocument(name, (doc) => fn(doc)),
    revalidate: async (workshopId) => {
      const board = `board:${workshopId}`;
      const drafts = `draft:${workshopId}:`;
      const now = services.clock.now().getTime();
      await collab.revalidate(
        async (principal, name) => liveAccess(services.workshopCache, now, principal, name) ?? documents.recheck(principal, name),
        (c) => c.docName === board || c.docName.startsWith(drafts)
      );
    }
  });
  // Open documents follow access changes at once: a duo that ended, a membership revoked, a session ended.
  services.events.on('accessChanged', (userId) => {
    void collab.revalidate(documents.recheck, (c) => c.principal.userId === userId);
  });
  services.events.on('sessionsRevoked', (hashes) => {
    const ended = new Set(hashes);
    void collab.revalidate(async () => null, (c) => ended.has(c.principal.sessionId ?? ''));
  });

  // Every loaded document is stored before the database goes.
  closers.add('documents', () => collab.stop());
  return collab;
}
