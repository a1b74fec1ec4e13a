import { BSON, type Document } from 'bson';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSnapshotRecord, encodeDocuments } from './codec.ts';
import type { IndexSpec } from './indexes.ts';
import { encodeRecord, scanRecords } from './records.ts';
import type { Store } from './store.ts';

export const SNAPSHOT_FILE = 'snapshot.bin';
export const SNAPSHOT_TMP = 'snapshot.tmp';
const DOCS_PER_RECORD_BYTES = 4 * 1024 * 1024;
// Small chunks: encoding between two writes blocks the event loop, so keep each stretch short.
const WRITE_CHUNK_BYTES = 1024 * 1024;

export interface CapturedCollection {
  db: string;
  name: string;
  options: Document;
  indexes: IndexSpec[];
  docs: Document[];
}

/** A consistent picture of the store taken synchronously: stored documents are immutable, so references suffice. */
export function captureState(store: Store): CapturedCollection[] {
  return store.allCollections().map((c) => ({
    db: c.db,
    name: c.name,
    options: c.options,
    indexes: [...c.indexes.values()].map((i) => i.spec),
    docs: [...c.docs.values()]
  }));
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes the snapshot crash-safely: a temporary file, fsync, rename over the old one, fsync the directory.
 * `coversGen` is the last journal generation whose operations the snapshot includes.
 */
export async function writeSnapshot(dir: string, coversGen: number, state: CapturedCollection[]): Promise<void> {
  const tmp = join(dir, SNAPSHOT_TMP);
  const fh = await open(tmp, 'w', 0o600);
  try {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    const push = async (docs: Document[] | Buffer) => {
      const record = encodeRecord(Buffer.isBuffer(docs) ? docs : encodeDocuments(docs));
      chunk.push(record);
      chunkBytes += record.length;
      if (chunkBytes >= WRITE_CHUNK_BYTES) await flush();
    };
    const flush = async () => {
      if (!chunk.length) return;
      const data = Buffer.concat(chunk);
      chunk = [];
      chunkBytes = 0;
      let written = 0;
      while (written < data.length) written += (await fh.write(data, written, data.length - written, null)).bytesWritten;
    };
    await push([{ kind: 'header', version: 1, gen: coversGen }]);
    for (const coll of state) {
      await push([{ kind: 'coll', db: coll.db, coll: coll.name, options: coll.options, indexes: coll.indexes }]);
      const meta = BSON.serialize({ kind: 'docs', db: coll.db, coll: coll.name });
      let parts: Uint8Array[] = [meta];
      let bytes = meta.length;
      for (const doc of coll.docs) {
        const encoded = BSON.serialize(doc);
        if (bytes + encoded.length > DOCS_PER_RECORD_BYTES && parts.length > 1) {
          await push(Buffer.concat(parts));
          parts = [meta];
          bytes = meta.length;
        }
        parts.push(encoded);
        bytes += encoded.length;
      }
      if (parts.length > 1) await push(Buffer.concat(parts));
    }
    await push([{ kind: 'end', collections: state.length }]);
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, SNAPSHOT_FILE));
  await fsyncDir(dir);
}

/**
 * Loads the snapshot into `store` and returns the journal generation it covers (0 without a snapshot).
 * The snapshot was renamed into place only once complete, so damage here is refused, not repaired.
 */
export async function loadSnapshot(dir: string, store: Store): Promise<number> {
  let buf: Buffer;
  try {
    buf = await readFile(join(dir, SNAPSHOT_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const scan = scanRecords(buf);
  const path = join(dir, SNAPSHOT_FILE);
  if (scan.problem) throw new Error(`snapshot ${path} is damaged (${scan.problem}); restore it from a backup`);
  let gen = -1;
  let ended = false;
  for (const record of scan.records) {
    const { meta, docs } = decodeSnapshotRecord(record);
    switch (meta.kind) {
      case 'header':
        gen = Number(meta.gen);
        break;
      case 'coll':
        store.apply({ op: 'create', db: meta.db, coll: meta.coll, options: meta.options as Document });
        for (const spec of meta.indexes as IndexSpec[]) store.apply({ op: 'index', db: meta.db, coll: meta.coll, spec }, true);
        break;
      case 'docs': {
        const coll = store.collection(meta.db, meta.coll);
        if (!coll) throw new Error(`snapshot ${path}: documents for unknown collection ${meta.db}.${meta.coll}`);
        for (const doc of docs) coll.put(doc);
        break;
      }
      case 'end':
        ended = true;
        break;
    }
  }
  if (gen < 0 || !ended) throw new Error(`snapshot ${path} is incomplete; restore it from a backup`);
  return gen;
}

export { fsyncDir };
