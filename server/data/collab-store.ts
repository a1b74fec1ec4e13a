// MongoDB persistence of collaboration documents: an append-only log of updates per document plus one
// compacted state. Loading reads the state and the updates after it; compaction writes the new state first and
// only then deletes the updates it covers, so a crash in between leaves both, and Yjs applies them idempotently.
import { BSON } from 'bson';
import { mongo, Schema, type Connection, type Model } from 'mongoose';
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
  seq: number;
  data: Buffer;
  clients?: ClientPairs;
  updatedAt: Date;
}

/**
 * Several nodes append to one document's history (server/scale): sequence numbers are taken from the clock (ms ×
 * 1024 plus a slot of this node's, still increasing per node) so that nodes do not take each other's, and a
 * compaction leaves the records of the last COMPACTION_MARGIN_MS: a record another node wrote that recently may
 * hold an update whose relay has not reached this node yet, so this node's state may not cover it.
 */
export interface SharedHistory {
  /** Any number in 0..1023, different per node where possible (a clash is one refused record, retried). */
  slot: number;
}
const COMPACTION_MARGIN_MS = 5_000;
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
    // The state and the history are read at the same time (one round trip, not two); records the state already
    // covers (left by a compaction interrupted before its delete) are skipped here. The history comes in one
    // batch where possible (the default first batch is 101 records), as raw BSON: decoding 2,000 records into
    // driver documents cost more than reading them.
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
      if (record.seq <= fromSeq) continue;
      for (const [client, owner] of pairs(record.clients)) clients.set(client, owner);
      // A plain Uint8Array view, not the Buffer: Yjs' decoders then see one array type, not two (a Buffer here made
      // applying 2,000 updates up to twice as slow in the server, where updates also arrive as Uint8Arrays).
      updates.push(new Uint8Array(record.data.buffer, record.data.byteOffset, record.data.byteLength));
      last = record.seq;
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

  async compact(docName: string, state: Uint8Array, clients: ClientPairs = []): Promise<void> {
    const last = await this.currentSeq(docName);
    const seq = this.shared ? Math.min(last, seqAt(Date.now() - COMPACTION_MARGIN_MS, 1023)) : last;
    await this.states.updateOne(
      { _id: docName },
      { $set: { seq, data: Buffer.from(state), clients, updatedAt: new Date() } },
      { upsert: true }
    );
    await this.updates.deleteMany({ doc: docName, seq: { $lte: seq } });
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
