// Who can reach the embedded engine. By default only this user: a Unix socket inside a private (700) directory,
// data files 600. Over TCP (the standalone `npm run db`) only clients that authenticate with SCRAM-SHA-256 using
// the generated credentials. Always the embedded engine: its access rules are what is tested.
import { afterAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { tempDirs, withEngine } from './data-dir.ts';
import { startCli } from './cli-process.ts';
import { endpointOf } from './target.ts';
import { opMsg, opQuery, RawConnection } from './wire-client.ts';

const dirs = tempDirs();
afterAll(() => dirs.removeAll());

const quiet = { info() {}, warn() {}, error() {} };
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** Connects with the driver and runs `fn`; the client is always closed. */
async function withClient<T>(uri: string, fn: (client: mongoose.mongo.MongoClient) => Promise<T>): Promise<T> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** What an operation threw (it must throw). */
async function refusal(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the operation to be refused, and it succeeded');
}

async function rawReply(c: RawConnection, frame: Buffer) {
  c.write(frame);
  const o = await c.next();
  if (o.kind !== 'reply') throw new Error(`expected a reply, got ${o.kind}`);
  return o.reply.doc;
}

describe('the embedded engine, by default: a Unix socket in a private directory', () => {
  it('mongoose reaches it through the socket URI; the folder is 700, the socket, journal and snapshot 600', async () => {
    const dir = join(await dirs.fresh(), 'db');
    const engine = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: quiet });
    try {
      expect(engine.port).toBeNull();
      expect(engine.socketPath).toBe(join(dir, 'mongod.sock'));
      expect(engine.uri).toBe(`mongodb://${encodeURIComponent(join(dir, 'mongod.sock'))}/`);
      expect(endpointOf(engine.uri)).toEqual({ path: join(dir, 'mongod.sock') });
      const conn = await mongoose.createConnection(engine.uri, { dbName: 'binome', serverSelectionTimeoutMS: 5_000 }).asPromise();
      try {
        const People = conn.model('Person', new mongoose.Schema({ name: String }));
        await People.create({ name: 'Maarten Janssens' });
        expect((await People.findOne({}).lean())?.name).toBe('Maarten Janssens');
      } finally {
        await conn.close();
      }
      expect(await modeOf(dir)).toBe(0o700);
      const socket = await stat(engine.socketPath!);
      expect(socket.isSocket()).toBe(true);
      expect(socket.mode & 0o777).toBe(0o600);
      for (const f of await readdir(dir)) {
        if (f.startsWith('journal-')) expect(await modeOf(join(dir, f)), f).toBe(0o600);
      }
    } finally {
      await engine.stop();
    }
    // Stopping compacts into the snapshot and removes the socket.
    const files = await readdir(dir);
    expect(files).toContain('snapshot.bin');
    expect(files).not.toContain('mongod.sock');
    for (const f of files) expect(await modeOf(join(dir, f)), f).toBe(0o600);
    // No credentials are made for the socket: nothing to find there.
    expect(files).not.toContain('credentials.json');
  });

  it('a data directory left open to others (755, files 644) is made private at start', async () => {
    const dir = await dirs.fresh();
    await withEngine(dir, async (db) => void (await db.collection('c').insertOne({ who: 'Siobhan Kelly' })));
    await chmod(dir, 0o755);
    for (const f of await readdir(dir)) await chmod(join(dir, f), 0o644);
    const warned: string[] = [];
    const engine = await startEmbeddedMongo({ dataDir: dir, logger: { info() {}, warn: (m) => warned.push(m), error() {} } });
    try {
      expect(await modeOf(dir)).toBe(0o700);
      for (const f of await readdir(dir)) {
        if (f.endsWith('.bin') || f.endsWith('.log')) expect(await modeOf(join(dir, f)), f).toBe(0o600);
      }
      expect(warned.join('\n')).toMatch(/private/);
    } finally {
      await engine.stop();
    }
  });

  it('in memory, the socket lives in a private temporary directory that goes away at stop', async () => {
    const engine = await startEmbeddedMongo({ port: 0 });
    const home = engine.socketPath!.replace(/\/mongod\.sock$/, '');
    try {
      expect(await modeOf(home)).toBe(0o700);
      await withClient(engine.uri, async (client) => {
        await client.db('t').collection('c').insertOne({ who: 'Lotte Peeters' });
        expect(await client.db('t').collection('c').countDocuments()).toBe(1);
      });
    } finally {
      await engine.stop();
    }
    await expect(stat(home)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(process.platform === 'linux')('a data directory whose socket path is too long for a socket address still works, lock included', async () => {
    // Node would silently bind a truncated path elsewhere; the engine goes through the directory's descriptor.
    const dir = join(await dirs.fresh(), 'Gestion des binômes de Liège et de Saint-Étienne', 'données du moteur embarqué');
    expect(Buffer.byteLength(join(dir, 'mongod.sock'))).toBeGreaterThan(108);
    const engine = await startEmbeddedMongo({ dataDir: dir, logger: quiet });
    try {
      await withClient(engine.uri, async (client) => {
        await client.db('t').collection('c').insertOne({ who: 'Anneke Visser' });
        expect(await client.db('t').collection('c').countDocuments()).toBe(1);
      });
      expect((await stat(join(dir, 'mongod.sock'))).isSocket()).toBe(true);
      expect((await stat(join(dir, 'engine.lock'))).isSocket()).toBe(true);
      await expect(startEmbeddedMongo({ dataDir: dir, logger: quiet })).rejects.toThrow(/already in use by process \d+/);
    } finally {
      await engine.stop();
    }
    expect(await readdir(dir)).not.toContain('mongod.sock');
  });

  it('a socket file left by a crashed engine does not block the next start', async () => {
    const dir = await dirs.fresh();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'mongod.sock'), 'left behind');
    await withEngine(dir, async (db) => {
      expect((await db.command({ ping: 1 })).ok).toBe(1);
    });
  });
});

describe('over TCP (the standalone engine): SCRAM-SHA-256 with generated credentials', () => {
  it('generates the credentials once into a 600 file; the URI carries them and the driver authenticates', async () => {
    const dir = await dirs.fresh();
    const engine = await startEmbeddedMongo({ dataDir: dir, transport: 'tcp', port: 0, logger: quiet });
    let firstUri: string;
    try {
      const file = join(dir, 'credentials.json');
      expect(await modeOf(file)).toBe(0o600);
      const { user, password } = JSON.parse(await readFile(file, 'utf8'));
      expect(password).toMatch(/^[\w-]{32}$/);
      expect(engine.socketPath).toBeNull();
      expect(engine.uri).toBe(`mongodb://${user}:${password}@127.0.0.1:${engine.port}/?authSource=admin`);
      firstUri = engine.uri;
      await withClient(engine.uri, async (client) => {
        await client.db('t').collection('c').insertOne({ _id: 'nuno' as any, who: 'Nuno Ferreira' });
        expect(await client.db('t').collection('c').findOne({})).toEqual({ _id: 'nuno', who: 'Nuno Ferreira' });
      });
    } finally {
      await engine.stop();
    }
    // A restart keeps the same credentials.
    const again = await startEmbeddedMongo({ dataDir: dir, transport: 'tcp', port: 0, logger: quiet });
    try {
      expect(again.uri.replace(/:\d+\//, ':PORT/')).toBe(firstUri.replace(/:\d+\//, ':PORT/'));
    } finally {
      await again.stop();
    }
  });

  it('a wrong password is refused with AuthenticationFailed (18); no credentials: find and insert get Unauthorized (13)', async () => {
    const engine = await startEmbeddedMongo({ transport: 'tcp', port: 0, logger: quiet });
    try {
      const wrong = engine.uri.replace(/:[^:@/]+@/, ':not-the-password@');
      expect(wrong).not.toBe(engine.uri);
      const bad = await refusal(() => withClient(wrong, (c) => c.db('t').collection('c').findOne({})));
      expect(bad).toMatchObject({ code: 18 });
      expect(String(bad.message)).toMatch(/Authentication failed/);

      const otherUser = engine.uri.replace(/\/\/[^:]+:/, '//someone:');
      expect((await refusal(() => withClient(otherUser, (c) => c.db('t').collection('c').findOne({})))).code).toBe(18);

      const anonymous = engine.uri.replace(/\/\/[^@]+@/, '//').replace('?authSource=admin', '');
      expect(anonymous).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      await withClient(anonymous, async (client) => {
        const coll = client.db('t').collection<any>('c');
        expect(await refusal(() => coll.findOne({}))).toMatchObject({ code: 13, codeName: 'Unauthorized' });
        expect(await refusal(() => coll.insertOne({ who: 'Mallory' }))).toMatchObject({ code: 13, codeName: 'Unauthorized' });
      });
      // Nothing got in.
      await withClient(engine.uri, async (client) => {
        expect(await client.db('t').collection('c').countDocuments()).toBe(0);
      });
    } finally {
      await engine.stop();
    }
  });

  it('a raw connection gets the handshake and ping, and nothing else, without authenticating', async () => {
    const engine = await startEmbeddedMongo({ transport: 'tcp', port: 0, logger: quiet });
    const c = await RawConnection.open({ host: '127.0.0.1', port: engine.port! });
    try {
      await withClient(engine.uri, (client) => client.db('secret').collection('notes').insertOne({ text: 'Sophie Martin: entretien mardi' }));
      const hello = await rawReply(c, opQuery('admin.$cmd', { ismaster: 1, saslSupportedMechs: 'admin.binome' }));
      expect(hello).toMatchObject({ ok: 1, saslSupportedMechs: ['SCRAM-SHA-256'] });
      expect(await rawReply(c, opMsg({ ping: 1, $db: 'admin' }))).toMatchObject({ ok: 1 });
      for (const body of [
        { find: 'notes', filter: {}, $db: 'secret' },
        { aggregate: 'notes', pipeline: [], cursor: {}, $db: 'secret' },
        { listDatabases: 1, $db: 'admin' },
        { listCollections: 1, $db: 'secret' },
        { count: 'notes', $db: 'secret' },
        { delete: 'notes', deletes: [{ q: {}, limit: 0 }], $db: 'secret' }
      ]) {
        const reply = await rawReply(c, opMsg(body));
        expect(reply, Object.keys(body)[0]).toMatchObject({ ok: 0, code: 13, codeName: 'Unauthorized' });
        expect(JSON.stringify(reply)).not.toContain('entretien');
      }
      // The old-style handshake opcode is no way round it either.
      expect(await rawReply(c, opQuery('secret.$cmd', { find: 'notes', filter: {} }))).toMatchObject({ ok: 0, code: 13 });
      // A made-up proof fails.
      const start = await rawReply(
        c,
        opMsg({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: Buffer.from('n,,n=binome,r=abcdefghijklmnop'), $db: 'admin' })
      );
      expect(start).toMatchObject({ ok: 1, done: false });
      const serverFirst = Buffer.from(start.payload.buffer).toString();
      const nonce = /^r=([^,]+),/.exec(serverFirst)![1];
      const proof = Buffer.alloc(32, 7).toString('base64');
      const end = await rawReply(
        c,
        opMsg({ saslContinue: 1, conversationId: start.conversationId, payload: Buffer.from(`c=biws,r=${nonce},p=${proof}`), $db: 'admin' })
      );
      expect(end).toMatchObject({ ok: 0, code: 18, codeName: 'AuthenticationFailed' });
      expect(await rawReply(c, opMsg({ find: 'notes', filter: {}, $db: 'secret' }))).toMatchObject({ ok: 0, code: 13 });
      // SCRAM-SHA-1 is not offered.
      const sha1 = await rawReply(c, opMsg({ saslStart: 1, mechanism: 'SCRAM-SHA-1', payload: Buffer.from('n,,n=binome,r=abc'), $db: 'admin' }));
      expect(sha1).toMatchObject({ ok: 0, code: 334 });
    } finally {
      c.close();
      await engine.stop();
    }
  });

  it('npm run db prints the URI with the credentials from <data-dir>/credentials.json as its first line', async () => {
    const dir = await dirs.fresh();
    const cli = await startCli(['--data-dir', dir, '--port', '0']);
    try {
      const { user, password } = JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8'));
      expect(cli.uri).toMatch(new RegExp(`^mongodb://${user}:${password}@127\\.0\\.0\\.1:\\d+/\\?authSource=admin$`));
      await withClient(cli.uri, async (client) => {
        expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
      });
      const anonymous = cli.uri.replace(/\/\/[^@]+@/, '//');
      await withClient(anonymous, async (client) => {
        expect(await refusal(() => client.db('t').collection('c').findOne({}))).toMatchObject({ code: 13 });
      });
    } finally {
      expect(await cli.stop(), cli.output()).toBe(0);
    }
  }, 60_000);
});
