import { Long, type Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_BYTES } from '../wire.ts';
import type { CommandContext, Handler } from './context.ts';

export const MAX_WRITE_BATCH_SIZE = 100_000;

/**
 * A standalone server: no setName, no topologyVersion (so the driver polls instead of streaming). Asked for
 * `saslSupportedMechs` (the driver does so when it has credentials), it names SCRAM-SHA-256 whatever the user,
 * so an unknown user fails like a wrong password.
 */
export function helloReply(ctx: CommandContext, legacy: boolean, cmd: Document): Document {
  const mechs = typeof cmd.saslSupportedMechs === 'string' && ctx.saslMechanisms ? { saslSupportedMechs: ctx.saslMechanisms } : {};
  return {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ...mechs,
    ok: 1
  };
}

const dbStats = (ctx: CommandContext, db: string) => {
  const colls = ctx.store.collections(db);
  return colls.reduce((n, c) => n + c.docs.size, 0);
};

export const adminCommands: Record<string, Handler> = {
  hello: (cmd, _db, ctx) => helloReply(ctx, false, cmd),
  isMaster: (cmd, _db, ctx) => helloReply(ctx, true, cmd),
  ismaster: (cmd, _db, ctx) => helloReply(ctx, true, cmd),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: '7.0.0',
    gitVersion: 'binome-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['binome-embedded'],
    ok: 1
  }),
  buildinfo: (cmd, db, ctx) => adminCommands.buildInfo(cmd, db, ctx),
  endSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  getParameter: () => ({ ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  listDatabases: (cmd, _db, ctx) => {
    const names = [...ctx.store.dbs.keys()].sort();
    const databases = names.map((name) => ({ name, sizeOnDisk: dbStats(ctx, name), empty: dbStats(ctx, name) === 0 }));
    if (cmd.nameOnly) return { databases: names.map((name) => ({ name })), ok: 1 };
    return { databases, totalSize: databases.reduce((n, d) => n + d.sizeOnDisk, 0), totalSizeMb: Long.ZERO, ok: 1 };
  },
  dropDatabase: async (_cmd, db, ctx) => {
    const batch = ctx.store.begin();
    if (ctx.store.dbs.has(db)) batch.record({ op: 'dropDb', db });
    await batch.commit();
    return { dropped: db, ok: 1 };
  }
};
