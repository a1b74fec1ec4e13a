import { BSON, BSONRegExp, ObjectId, type Document } from 'bson';
import { collationFrom } from '../collation.ts';
import { CommandError } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import { applyUpdate, buildUpsertDocument, parseUpdate } from '../update.ts';
import { MAX_BSON_OBJECT_SIZE } from '../wire.ts';
import { MAX_WRITE_BATCH_SIZE } from './admin.ts';
import { collectionArg, filterArg, matching, type CommandContext, type Handler } from './context.ts';

function statements(cmd: Document, field: string): Document[] {
  const list = cmd[field];
  if (!Array.isArray(list)) throw new CommandError('FailedToParse', `BSON field '${field}' is missing but a required field`);
  if (list.length === 0 || list.length > MAX_WRITE_BATCH_SIZE) {
    throw new CommandError('InvalidLength', `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${list.length} operations.`);
  }
  return list as Document[];
}

/** MongoDB puts _id first and generates an ObjectId when the client did not. */
export function prepareNewDocument(raw: Document): Document {
  checkSize(raw, 'object to insert too large');
  const id = raw._id === undefined ? new ObjectId() : raw._id;
  if (Array.isArray(id)) throw new CommandError('BadValue', "can't use an array for _id");
  if (id instanceof RegExp || id instanceof BSONRegExp) throw new CommandError('BadValue', "can't use a regex for _id");
  const doc: Document = { _id: id };
  for (const [k, v] of Object.entries(raw)) if (k !== '_id') doc[k] = v;
  return doc;
}

/** MongoDB's limit on nesting (documents and arrays, the top level included). */
export const MAX_NESTING_DEPTH = 100;

function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (limit === 0) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (deeperThan(v, limit - 1)) return true;
  return false;
}

export function checkSize(doc: Document, what: string): void {
  // Depth first: measuring the size of a pathologically deep document would itself overflow the stack.
  if (deeperThan(doc, MAX_NESTING_DEPTH)) {
    throw new CommandError('Overflow', `document exceeds the maximum nesting depth of ${MAX_NESTING_DEPTH} levels`);
  }
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new CommandError('BSONObjectTooLarge', `${what}. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`);
  }
}

interface WriteError {
  index: number;
  code: number;
  errmsg: string;
  [extra: string]: unknown;
}

/**
 * Runs each statement; a failed statement becomes a writeError, and an ordered batch stops at the first one.
 * Whatever succeeded is committed as one journal record before the reply.
 */
async function runStatements(
  ctx: CommandContext,
  cmd: Document,
  items: Document[],
  run: (item: Document, index: number) => void
): Promise<WriteError[]> {
  const ordered = cmd.ordered !== false;
  const errors: WriteError[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i], i);
    } catch (err) {
      if (!(err instanceof CommandError)) {
        // Earlier statements are already applied in memory: report the failure as a write error so they
        // are still committed to the journal, and stop.
        ctx.logger.error(`embedded-mongo: statement ${i} failed: ${(err as Error)?.stack ?? String(err)}`);
        errors.push({ index: i, code: 1, errmsg: `internal error: ${(err as Error)?.message ?? String(err)}` });
        break;
      }
      errors.push({ index: i, code: err.code, errmsg: err.message, ...err.extra });
      if (ordered) break;
    }
  }
  return errors;
}

function withErrors(reply: Document, errors: WriteError[]): Document {
  if (errors.length) reply.writeErrors = errors;
  return reply;
}

export const writeCommands: Record<string, Handler> = {
  insert: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'insert');
    statements(cmd, 'documents');
    // Stored documents keep their exact BSON widths: take them from the typed decoding of the request.
    const docs = ctx.typed().documents as Document[];
    const batch = ctx.store.begin();
    let coll: Collection | undefined;
    let n = 0;
    const errors = await runStatements(ctx, cmd, docs, (raw) => {
      const doc = prepareNewDocument(raw);
      coll ??= batch.ensureCollection(db, name);
      coll.checkUnique(doc);
      batch.put(coll, doc);
      n++;
    });
    await batch.commit();
    return withErrors({ n, ok: 1 }, errors);
  },

  update: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'update');
    const updates = statements(cmd, 'updates');
    const typedUpdates = ctx.typed().updates as Document[];
    const batch = ctx.store.begin();
    let n = 0;
    let nModified = 0;
    const upserted: Document[] = [];
    const errors = await runStatements(ctx, cmd, updates, (stmt, index) => {
      const spec = parseUpdate(typedUpdates[index].u);
      const filter = filterArg(stmt.q, 'q') ?? {};
      const arrayFilters = stmt.arrayFilters as Document[] | undefined;
      if (stmt.multi && spec.kind === 'replacement') {
        throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
      }
      const existing = ctx.store.collection(db, name);
      const found = matching(existing, filter, ctx, collationFrom(stmt.collation), stmt.multi ? Infinity : 1);
      if (found.length === 0) {
        if (!stmt.upsert) return;
        // Built from the typed filter so the equality values keep the widths the client sent.
        const doc = buildUpsertDocument(typedUpdates[index].q as Document, spec, arrayFilters, ctx.queries);
        checkSize(doc, 'upserted document too large');
        const coll = batch.ensureCollection(db, name);
        coll.checkUnique(doc);
        batch.put(coll, doc);
        n++;
        upserted.push({ index, _id: doc._id });
        return;
      }
      const coll = existing!;
      for (const current of found) {
        const { doc, modified } = applyUpdate(current, spec, arrayFilters, filter, ctx.queries);
        if (modified) {
          checkSize(doc, 'Resulting document after update is larger than 16777216');
          coll.checkUnique(doc, current);
          batch.put(coll, doc);
          nModified++;
        }
        n++;
      }
    });
    await batch.commit();
    const reply: Document = { n, nModified, ok: 1 };
    if (upserted.length) reply.upserted = upserted;
    return withErrors(reply, errors);
  },

  delete: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'delete');
    const deletes = statements(cmd, 'deletes');
    const batch = ctx.store.begin();
    let n = 0;
    const errors = await runStatements(ctx, cmd, deletes, (stmt) => {
      const coll = ctx.store.collection(db, name);
      const found = matching(coll, filterArg(stmt.q, 'q'), ctx, collationFrom(stmt.collation), Number(stmt.limit) === 1 ? 1 : Infinity);
      for (const doc of found) {
        batch.del(coll!, doc._id);
        n++;
      }
    });
    await batch.commit();
    return withErrors({ n, ok: 1 }, errors);
  }
};
