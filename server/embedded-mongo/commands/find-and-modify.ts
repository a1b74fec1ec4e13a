import type { Document } from 'bson';
import { collationFrom } from '../collation.ts';
import { CommandError } from '../errors.ts';
import { applyUpdate, buildUpsertDocument, parseUpdate } from '../update.ts';
import { collectionArg, matching, optionalDoc, type Handler } from './context.ts';
import { orderAndSlice } from './read.ts';
import { checkSize } from './write.ts';

/** findAndModify: one document, sorted pick, update or remove, returning the old or new version. */
export const findAndModify: Handler = async (cmd, db, ctx) => {
  const name = collectionArg(cmd, Object.keys(cmd)[0]);
  const query = optionalDoc(cmd, 'query') ?? {};
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields');
  const remove = !!cmd.remove;
  const returnNew = !!cmd.new;
  const upsert = !!cmd.upsert;
  const arrayFilters = cmd.arrayFilters as Document[] | undefined;
  if (remove && cmd.update !== undefined) throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && (upsert || returnNew)) throw new CommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true, or new=true and remove=true');

  const project = (doc: Document | null) => (doc && fields ? ctx.queries.project([doc], query, fields)[0] : doc);
  const existing = ctx.store.collection(db, name);
  const collation = collationFrom(cmd.collation);
  const sorted = !!sort && Object.keys(sort).length > 0;
  const [target] = orderAndSlice(matching(existing, query, ctx, collation, sorted ? Infinity : 1), sort, 0, 1, collation);
  const batch = ctx.store.begin();

  if (remove) {
    if (target) batch.del(existing!, target._id);
    await batch.commit();
    return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target ?? null), ok: 1 };
  }

  const spec = parseUpdate(ctx.typed().update);
  if (!target) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const doc = buildUpsertDocument((ctx.typed().query as Document | undefined) ?? {}, spec, arrayFilters, ctx.queries);
    checkSize(doc, 'upserted document too large');
    const coll = batch.ensureCollection(db, name);
    coll.checkUnique(doc);
    batch.put(coll, doc);
    await batch.commit();
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: returnNew ? project(doc) : null, ok: 1 };
  }
  const { doc, modified } = applyUpdate(target, spec, arrayFilters, query, ctx.queries);
  if (modified) {
    checkSize(doc, 'Resulting document after update is larger than 16777216');
    existing!.checkUnique(doc, target);
    batch.put(existing!, doc);
  }
  await batch.commit();
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(returnNew ? doc : target), ok: 1 };
};
