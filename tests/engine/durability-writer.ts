// Child process for the durability test. It starts the engine on a data directory and writes through the
// driver, printing one line per ACKNOWLEDGED write (stdout to a pipe is synchronous on Linux, so a printed line
// means the acknowledgement really arrived before any SIGKILL):
//   READY <uri>
//   A ins <id>            insertOne acknowledged
//   A many <group>        insertMany of 3 documents {group} acknowledged
//   A inc <counter> <a>   $inc of a and b by 1 acknowledged; a is the new value
//   A pair <pair> <v>     $set of x and y to v acknowledged
//   A del <id>            insertOne then deleteOne of id acknowledged
//   A blob <v>            (bulky mode) a 512 KB $set of the blob document to version v acknowledged; it grows
//                         the journal fast, so the engine compacts while the process may be killed
//   E <key> <value>       (effects mode) a value the server chose (generated _id, clock), read back after the write
//   DONE                  (fixed and effects modes) every write acknowledged; then it idles until killed
// Usage: durability-writer.ts <dataDir> <round> continuous|bulky|fixed|effects [count]
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';

const [dataDir, roundArg, mode = 'continuous', countArg = '50'] = process.argv.slice(2);
if (!dataDir || !roundArg) {
  console.error('usage: durability-writer.ts <dataDir> <round> continuous|bulky|fixed|effects [count]');
  process.exit(2);
}
const round = Number(roundArg);
const say = (line: string) => process.stdout.write(`${line}\n`);

const engine = await startEmbeddedMongo({
  dataDir,
  port: 0,
  logger: { info() {}, warn: (m) => console.error(`[warn] ${m}`), error: (m) => console.error(`[error] ${m}`) }
});
const client = new mongoose.mongo.MongoClient(engine.uri, { maxPoolSize: 20 });
await client.connect();
const db = client.db('durability');
const docs = db.collection<any>('docs');
const counters = db.collection<any>('counters');
say(`READY ${engine.uri}`);

async function fail(e: unknown): Promise<never> {
  console.error(`write failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
}

if (mode === 'effects') {
  // Writes whose outcome the server decides (a generated _id, its clock, failures part-way): replaying the
  // journal after a crash must reproduce these outcomes, not recompute them.
  const c = db.collection<any>('effects');
  await c.createIndex({ k: 1 }, { unique: true });
  const up = await c.updateOne({ k: 'upsert' }, { $set: { v: 1 } }, { upsert: true });
  say(`E upsertId ${String(up.upsertedId)}`);
  await c.updateOne({ k: 'upsert' }, { $currentDate: { at: true } });
  await c.updateOne({ k: 'upsert' }, [{ $set: { now: '$$NOW' } }]);
  const d = await c.findOne({ k: 'upsert' });
  say(`E at ${d!.at.getTime()}`);
  say(`E now ${d!.now.getTime()}`);
  const many = await c.insertMany([{ k: 'a' }, { k: 'upsert' }, { k: 'c' }]).catch((e) => e);
  say(`E many ${many?.code}`);
  const inc = await c.updateOne({ k: 'a' }, { $inc: { k: 1 } }).catch((e) => e);
  say(`E inc ${inc?.code}`);
  say(`E count ${await c.countDocuments()}`);
  say('DONE');
  setInterval(() => {}, 60_000);
} else if (mode === 'fixed') {
  // Sequential single inserts: the journal then ends with the record of the last one.
  for (let k = 0; k < Number(countArg); k++) {
    const id = `r${round}-f${k}`;
    await docs.insertOne({ _id: id, round, k, who: 'Grace Whitfield' }).catch(fail);
    say(`A ins ${id}`);
  }
  say('DONE');
  setInterval(() => {}, 60_000);
} else {
  const loops: Array<Promise<void>> = [];
  // Four concurrent single-insert writers, so group commit is exercised.
  for (let w = 0; w < 4; w++) {
    loops.push(
      (async () => {
        for (let k = 0; ; k++) {
          const id = `r${round}-w${w}-${k}`;
          await docs.insertOne({ _id: id, round, w, k, name: 'Amélie Dubois', note: 'x'.repeat(k % 200) }).catch(fail);
          say(`A ins ${id}`);
        }
      })()
    );
  }
  // Multi-document inserts must be all or nothing.
  loops.push(
    (async () => {
      for (let k = 0; ; k++) {
        const group = `r${round}-m${k}`;
        await docs
          .insertMany([0, 1, 2].map((i) => ({ _id: `${group}-${i}`, group, i, name: 'Joris Van den Broeck' })))
          .catch(fail);
        say(`A many ${group}`);
      }
    })()
  );
  // Two counters updated by two-field $inc, one pair by two-field $set: each update all or nothing.
  for (const c of ['c0', 'c1']) {
    loops.push(
      (async () => {
        for (;;) {
          const r = await counters
            .findOneAndUpdate({ _id: c }, { $inc: { a: 1, b: 1 } }, { upsert: true, returnDocument: 'after' })
            .catch(fail);
          say(`A inc ${c} ${r!.a}`);
        }
      })()
    );
  }
  loops.push(
    (async () => {
      for (let v = 1; ; v++) {
        const tag = `${round}:${v}`;
        await counters.updateOne({ _id: 'p0' }, { $set: { x: tag, y: tag } }, { upsert: true }).catch(fail);
        say(`A pair p0 ${tag}`);
      }
    })()
  );
  // Acknowledged deletes must stay deleted.
  loops.push(
    (async () => {
      for (let k = 0; ; k++) {
        const id = `r${round}-d${k}`;
        await docs.insertOne({ _id: id, doomed: true }).catch(fail);
        await docs.deleteOne({ _id: id }).catch(fail);
        say(`A del ${id}`);
      }
    })()
  );
  if (mode === 'bulky') {
    loops.push(
      (async () => {
        const payload = 'Lettre de motivation — '.repeat(30_000).slice(0, 512 * 1024);
        for (let v = 1; ; v++) {
          const tag = `${round}:${v}`;
          await counters.updateOne({ _id: 'blob' }, { $set: { payload, v: tag, check: tag } }, { upsert: true }).catch(fail);
          say(`A blob ${tag}`);
        }
      })()
    );
  }
  await Promise.all(loops);
}
