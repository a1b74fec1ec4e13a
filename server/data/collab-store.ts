// MongoDB persistence of collaboration documents: an append-only log of updates per document plus one
// compacted state. Loading reads the state and every record still there; compaction writes the new state first and
// only then deletes the records it read (and folded in), so a crash in between leaves both, and Yjs applies them
// idempotently.
import { BSON } from 'bson';
import { mongo, Schema, type Connection, type Model } from 'mongoose';
import * as Y from 'yjs';
import { isDuplicateKey } from '../domain/errors.ts';
import type { AppendBatch, CollabPersistence, StoredDocument } from '../collab/persistence';

/** Which person each Yjs client id belongs to: `[clientId, userId]` pairs, kept with the updates they came with. */
type ClientPairs = [number, string][];

interface UpdateRecord {
  doc: string;
  seq: number;
  data: Buffer;
  clients?: ClientPairs;
  createdAt: Date;
}
interface StateRecord {
  _id: string;
  /** The highest sequence number folded in (where a single node's numbering continues). */
  seq: number;
  /** Bumped by each compaction: one that finds it changed since it read the state lost a race and leaves all as is. */
  v?: number;
  data: Buffer;
  clients?: ClientPairs;
  updatedAt: Date;
}

/**
 * Several nodes append to one document's history (server/scale): sequence numbers are taken from the clock (ms ×
 * 1024 plus a slot of this node's, still increasing per node) so that nodes do not take each other's. Neither a
 * clock nor a sequence number tells what another node wrote (its clock may lag, its relay may not have arrived):
 * a compaction folds into the state the records it read, and deletes those records and no other.
 */
export interface SharedHistory {
  /** Any number in 0..1023, different per node where possible (a clash is one refused record, retried). */
  slot: number;
}
const seqAt = (ms: number, slot: number) => ms * 1024 + slot;

export class MongoCollabPersistence implements CollabPersistence {
  private readonly updates: Model<UpdateRecord>;
  private readonly states: Model<StateRecord>;
  /** Last sequence number written per document, known once it is loaded or appended to. */
  private readonly lastSeq = new Map<string, number>();

  constructor(
    conn: Connection,
    private readonly shared: SharedHistory | null = null
  ) {
    const updateSchema = new Schema<UpdateRecord>(
      {
        doc: { type: String, required: true },
        seq: { type: Number, required: true },
        data: { type: Buffer, required: true },
        clients: { type: [Schema.Types.Mixed], default: undefined },
        createdAt: Date
      },
      { versionKey: false }
    );
    updateSchema.index({ doc: 1, seq: 1 }, { unique: true });
    const stateSchema = new Schema<StateRecord>(
      {
        _id: String,
        seq: { type: Number, required: true },
        data: { type: Buffer, required: true },
        clients: { type: [Schema.Types.Mixed], default: undefined },
        updatedAt: Date
      },
      { versionKey: false }
    );
    this.updates = conn.model<UpdateRecord>('CollabUpdate', updateSchema, 'collab_updates');
    this.states = conn.model<StateRecord>('CollabState', stateSchema, 'collab_states');
  }

  async init(): Promise<void> {
    await Promise.all([this.updates.init(), this.states.init()]);
  }

  // Reads and appends go through the driver's collection, not mongoose documents: this is the collaboration hot
  // path (an append per batch window per document), and mongoose's hydration and validation of these fixed,
  // server-built records tripled its cost (bench/collab/README.md). The schemas above still own the indexes.
  async load(docName: string): Promise<StoredDocument> {
    // The state and the history are read at the same time (one round trip, not two). Every record still there is
    // applied, even one a state already covers (left by a compaction interrupted before its delete: applied twice
    // is applied once): a record's number does not tell whether a state covers it when several nodes write. The
    // history comes in one batch where possible (the default first batch is 101 records), as raw BSON: decoding
    // 2,000 records into driver documents cost more than reading them.
    const [state, later] = await Promise.all([
      this.states.collection.findOne({ _id: docName as never }, { projection: { data: 1, seq: 1, clients: 1 } }),
      this.updates.collection
        .find({ doc: docName }, { projection: { _id: 0, data: 1, seq: 1, clients: 1 }, batchSize: 10_000, raw: true })
        .sort({ seq: 1 })
        .toArray() as unknown as Promise<Uint8Array[]>
    ]);
    const fromSeq = (state?.seq as number | undefined) ?? 0;
    const updates: Uint8Array[] = [];
    const clients = new Map<number, string>(pairs(state?.clients));
    let last = fromSeq;
    for (const raw of later) {
      const record = BSON.deserialize(raw, { promoteBuffers: true }) as { data: Buffer; seq: number; clients?: unknown };
      for (const [client, owner] of pairs(record.clients)) clients.set(client, owner);
      // A plain Uint8Array view, not the Buffer: Yjs' decoders then see one array type, not two (a Buffer here made
      // applying 2,000 updates up to twice as slow in the server, where updates also arrive as Uint8Arrays).
      updates.push(new Uint8Array(record.data.buffer, record.data.byteOffset, record.data.byteLength));
      last = Math.max(last, record.seq);
    }
    this.lastSeq.set(docName, last);
    return { updates: state ? [bytes(state.data), ...updates] : updates, pendingCount: updates.length, clients: [...clients] };
  }

  async append(docName: string, updates: Uint8Array[], clients?: ClientPairs): Promise<void> {
    const [error] = await this.appendMany([{ docName, updates, clients }]);
    if (error != null) throw error;
  }

  /**
   * Every document's records of a write window in one unordered insert: one round trip and one journal write for
   * the whole window, however many documents were written to (bench/collab/README.md, "many rooms"). A record
   * refused fails only its own document's batch. Sequence numbers once handed out are never reused, even for a
   * batch that failed (it may have been stored in part): its retry comes with new ones, and a record stored twice
   * is applied once (Yjs updates are idempotent).
   */
  async appendMany(batches: AppendBatch[]): Promise<(unknown | null)[]> {
    const seqs = await Promise.all(batches.map((b) => this.currentSeq(b.docName)));
    const now = new Date();
    const records: UpdateRecord[] = [];
    /** Which batch each record belongs to. */
    const owners: number[] = [];
    for (const [i, batch] of batches.entries()) {
      let seq = this.shared ? Math.max(seqs[i], seqAt(Date.now(), this.shared.slot) - 1) : seqs[i];
      const first = records.length;
      for (const u of batch.updates) {
        records.push({ doc: batch.docName, seq: ++seq, data: Buffer.from(u), createdAt: now });
        owners.push(i);
      }
      // The bindings ride on the first record: stored if and only if the updates they came with are.
      if (batch.clients && batch.clients.length > 0 && records.length > first) records[first].clients = batch.clients;
      this.lastSeq.set(batch.docName, seq);
    }
    const outcomes: (unknown | null)[] = batches.map(() => null);
    try {
      // insertOne for the usual single merged batch: the driver's bulk-write path costs a third more CPU per call.
      if (records.length === 1) await this.updates.collection.insertOne(records[0]);
      else if (records.length > 1) await this.updates.collection.insertMany(records, { ordered: false });
    } catch (error) {
      const refused = refusedRecords(error);
      if (!refused) return batches.map(() => error);
      for (const index of refused) outcomes[owners[index]] = error;
    }
    return outcomes;
  }

  /**
   * Folds the records it reads into one state, then deletes exactly those records: a record written meanwhile (by
   * this node's next window or by another node) stays, whatever its number. With several nodes, the stored state
   * and the records are also folded in (another node's update may not have reached this one). The state is written
   * only if no other compaction wrote it since it was read; one that lost that race leaves everything as it is.
   */
  async compact(docName: string, state: Uint8Array, clients: ClientPairs = []): Promise<void> {
    const shared = this.shared !== null;
    const [stored, records] = await Promise.all([
      this.states.collection.findOne({ _id: docName as never }, { projection: { seq: 1, v: 1, ...(shared ? { data: 1, clients: 1 } : {}) } }),
      this.updates.collection
        .find({ doc: docName }, { projection: { _id: 1, seq: 1, ...(shared ? { data: 1, clients: 1 } : {}) }, batchSize: 10_000 })
        .toArray()
    ]);
    let folded = state;
    const owners = new Map<number, string>();
    if (shared) {
      const doc = new Y.Doc();
      Y.transact(doc, () => {
        Y.applyUpdate(doc, state);
        if (stored) Y.applyUpdate(doc, bytes(stored.data));
        for (const r of records) Y.applyUpdate(doc, bytes(r.data));
      });
      folded = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      for (const [client, owner] of [...pairs(stored?.clients), ...records.flatMap((r) => pairs(r.clients))]) owners.set(client, owner);
    }
    for (const [client, owner] of clients) owners.set(client, owner);
    const seq = Math.max((stored?.seq as number | undefined) ?? 0, ...records.map((r) => r.seq as number), shared ? 0 : await this.currentSeq(docName));
    const version = (stored?.v as number | undefined) ?? null;
    try {
      await this.states.collection.updateOne(
        { _id: docName as never, v: version === null ? { $exists: false } : version },
        { $set: { seq, v: (version ?? 0) + 1, data: Buffer.from(folded), clients: [...owners], updatedAt: new Date() } },
        { upsert: true }
      );
    } catch (error) {
      // Another compaction wrote the state since it was read (the upsert met its _id): theirs stands.
      if (isDuplicateKey(error)) return;
      throw error;
    }
    if (records.length > 0) await this.updates.collection.deleteMany({ _id: { $in: records.map((r) => r._id) } });
  }

  private async currentSeq(docName: string): Promise<number> {
    const known = this.lastSeq.get(docName);
    if (known !== undefined) return known;
    const [state, last] = await Promise.all([
      this.states.findById(docName, { seq: 1 }).lean(),
      this.updates.findOne({ doc: docName }, { seq: 1 }).sort({ seq: -1 }).lean()
    ]);
    const seq = Math.max(state?.seq ?? 0, last?.seq ?? 0);
    this.lastSeq.set(docName, seq);
    return seq;
  }
}

/**
 * The records a bulk insert refused, by index, when the server answered for each (MongoBulkWriteError); null when
 * the whole write failed or its outcome is unknown (a network error): then every batch is tried again.
 */
function refusedRecords(error: unknown): number[] | null {
  if (!(error instanceof mongo.MongoBulkWriteError)) return null;
  const writeErrors = error.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  if (list.length === 0 || error.writeConcernError) return null;
  return list.map((e) => e.index);
}

/** Client pairs as stored (ignoring anything else a record might hold there). */
function pairs(value: unknown): ClientPairs {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is [number, string] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'string');
}

function bytes(data: unknown): Uint8Array {
  // The driver hands back a BSON Binary; a Buffer is accepted too.
  if (data instanceof Uint8Array) return new Uint8Array(data);
  return new Uint8Array((data as { buffer: Uint8Array }).buffer);
}
