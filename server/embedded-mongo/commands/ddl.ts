import type { Document } from 'bson';
import { compareValues } from '../compare.ts';
import { CommandError } from '../errors.ts';
import { mentionsRegex } from '../guard.ts';
import { defaultIndexName, ID_INDEX_NAME, type IndexSpec } from '../storage/indexes.ts';
import { collectionArg, optionalDoc, type CommandContext, type Handler } from './context.ts';
import { isTextKey, isTextSpec, sameTextOptions, TEXT_OPTIONS, textIndexSpec } from '../text/spec.ts';
import { buildTextIndex } from '../text/build.ts';
import type { Collection } from '../storage/collection.ts';

const SUPPORTED_INDEX_OPTIONS = new Set([
  'key', 'name', 'unique', 'sparse', 'hidden', 'expireAfterSeconds', 'partialFilterExpression', 'background', 'v', 'ns'
]);

function normalizeSpec(raw: Document): IndexSpec {
  const key = raw.key;
  if (!key || typeof key !== 'object' || Array.isArray(key) || Object.keys(key).length === 0) {
    throw new CommandError('CannotCreateIndex', 'Index key pattern must be a non-empty object');
  }
  const text = isTextKey(key as Document);
  for (const option of Object.keys(raw)) {
    if (!SUPPORTED_INDEX_OPTIONS.has(option) && option !== 'collation' && !(text && TEXT_OPTIONS.includes(option))) {
      throw new CommandError('InvalidOptions', `Index option '${option}' is not supported by the embedded engine`);
    }
  }
  if (text) return textIndexSpec(raw, defaultIndexName(key as Document));
  for (const [field, dir] of Object.entries(key as Document)) {
    if (typeof dir === 'string') {
      throw new CommandError('CannotCreateIndex', `Index type '${dir}' on field '${field}' is not supported by the embedded engine`);
    }
  }
  const spec: IndexSpec = { v: 2, key: { ...(key as Document) }, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(key as Document) };
  if (raw.unique) spec.unique = true;
  if (raw.sparse) spec.sparse = true;
  if (raw.hidden) spec.hidden = true;
  if (raw.expireAfterSeconds !== undefined) {
    const seconds = Number(raw.expireAfterSeconds);
    if (Object.keys(spec.key).length !== 1) {
      throw new CommandError('CannotCreateIndex', 'TTL indexes are single-field indexes, compound indexes do not support TTL');
    }
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new CommandError('CannotCreateIndex', `expireAfterSeconds must be a non-negative number, got ${String(raw.expireAfterSeconds)}`);
    }
    spec.expireAfterSeconds = seconds;
  }
  if (raw.partialFilterExpression) {
    // Evaluated on every write: MongoDB allows only simple operators there, and a regex could stall writes.
    if (mentionsRegex(raw.partialFilterExpression)) {
      throw new CommandError('CannotCreateIndex', 'Expression not supported in partial index: $regex');
    }
    spec.partialFilterExpression = raw.partialFilterExpression as Document;
  }
  return spec;
}

/** Options that must agree for a `createIndexes` of an existing index to be a no-op. */
function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    !!a.unique === !!b.unique &&
    !!a.sparse === !!b.sparse &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    compareValues(a.partialFilterExpression ?? null, b.partialFilterExpression ?? null) === 0
  );
}

/**
 * A collection has at most one text index (every text index has the key { _fts: 'text', _ftsx: 1 }): the
 * same one again is a no-op, any other is MongoDB's IndexOptionsConflict.
 */
function sameTextIndexExists(coll: Collection, spec: IndexSpec): boolean {
  const existing = [...coll.indexes.values()].find((i) => isTextSpec(i.spec));
  if (!existing) return false;
  if (existing.name === spec.name && sameTextOptions(existing.spec, spec)) return true;
  throw new CommandError(
    'IndexOptionsConflict',
    `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`
  );
}

function collectionInfo(name: string, options: Document, nameOnly: boolean): Document {
  if (nameOnly) return { name, type: 'collection' };
  return { name, type: 'collection', options, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME } };
}

function requireCollection(ctx: CommandContext, db: string, name: string) {
  const coll = ctx.store.collection(db, name);
  if (!coll) throw new CommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  return coll;
}

export const ddlCommands: Record<string, Handler> = {
  create: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'create');
    if (ctx.store.collection(db, name)) throw new CommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    if (cmd.capped || cmd.viewOn || cmd.timeseries || cmd.validator || cmd.clusteredIndex || cmd.changeStreamPreAndPostImages) {
      // Refused rather than stored and ignored: nobody should believe a validator is being enforced.
      throw new CommandError('InvalidOptions', 'capped and clustered collections, views, time series and validators are not supported by the embedded engine');
    }
    const batch = ctx.store.begin();
    const { create: _name, $db: _db, lsid: _lsid, $clusterTime: _ct, writeConcern: _wc, ...options } = cmd;
    batch.record({ op: 'create', db, coll: name, options: stripGeneric(options) });
    await batch.commit();
    return { ok: 1 };
  },

  drop: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'drop');
    const coll = requireCollection(ctx, db, name);
    const batch = ctx.store.begin();
    batch.record({ op: 'drop', db, coll: name });
    await batch.commit();
    return { nIndexesWas: coll.indexes.size + 1, ns: `${db}.${name}`, ok: 1 };
  },

  listCollections: (cmd, db, ctx) => {
    const nameOnly = !!cmd.nameOnly;
    const infos = ctx.store.collections(db).map((c) => collectionInfo(c.name, c.options, nameOnly));
    const filter = optionalDoc(cmd, 'filter');
    const docs = ctx.queries.filter(infos, filter);
    const batchSize = (cmd.cursor as Document | undefined)?.batchSize as number | undefined;
    return ctx.cursors.first(`${db}.$cmd.listCollections`, docs, batchSize, false);
  },

  createIndexes: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'createIndexes');
    if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
      throw new CommandError('BadValue', 'Must specify at least one index to create');
    }
    const specs = (cmd.indexes as Document[]).map(normalizeSpec);
    const batch = ctx.store.begin();
    const created = !ctx.store.collection(db, name);
    const coll = batch.ensureCollection(db, name);
    const before = coll.indexes.size + 1;
    const textSpecs: IndexSpec[] = [];
    for (const spec of specs) {
      if (spec.name === ID_INDEX_NAME || (Object.keys(spec.key).length === 1 && spec.key._id !== undefined && !spec.unique && !spec.partialFilterExpression)) continue;
      if (isTextSpec(spec)) {
        if (!sameTextIndexExists(coll, spec) && !textSpecs.some((s) => s.name === spec.name)) textSpecs.push(spec);
        continue;
      }
      const existing = coll.indexes.get(spec.name);
      if (existing) {
        if (compareValues(existing.spec.key, spec.key) !== 0) {
          throw new CommandError('IndexKeySpecsConflict', `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`);
        }
        if (!sameOptions(existing.spec, spec)) {
          throw new CommandError('IndexOptionsConflict', `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`);
        }
        continue;
      }
      const sameKey = [...coll.indexes.values()].find((i) => compareValues(i.spec.key, spec.key) === 0 && sameOptions(i.spec, spec));
      if (sameKey) {
        throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
      }
      try {
        batch.record({ op: 'index', db, coll: name, spec });
      } catch (err) {
        await batch.commit();
        throw err;
      }
    }
    await batch.commit();
    if (textSpecs.length > 1) throw new CommandError('IndexOptionsConflict', 'a collection can have only one text index');
    for (const spec of textSpecs) {
      // Filled without stopping the engine, then journaled: a crash before that leaves no half-built index.
      await buildTextIndex(coll, spec, ctx.queries.analyzers, () => ctx.store.collection(db, name) === coll);
      const done = ctx.store.begin();
      done.record({ op: 'index', db, coll: name, spec });
      await done.commit();
    }
    return { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: coll.indexes.size + 1, ok: 1 };
  },

  listIndexes: (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'listIndexes');
    const coll = requireCollection(ctx, db, name);
    const batchSize = (cmd.cursor as Document | undefined)?.batchSize as number | undefined;
    return ctx.cursors.first(`${db}.${name}`, coll.specs().map((s) => ({ ...s })), batchSize, false);
  },

  dropIndexes: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'dropIndexes');
    const coll = requireCollection(ctx, db, name);
    const was = coll.indexes.size + 1;
    const target = cmd.index;
    let names: string[];
    if (target === '*') names = [...coll.indexes.keys()];
    else if (typeof target === 'string') names = [target];
    else if (Array.isArray(target)) names = target.map(String);
    else if (target && typeof target === 'object') {
      const found = [...coll.indexes.values()].find((i) => compareValues(i.spec.key, target) === 0);
      if (!found) throw new CommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
      names = [found.name];
    } else throw new CommandError('BadValue', 'dropIndexes needs an index name, key pattern, list of names or "*"');
    for (const n of names) {
      if (n === ID_INDEX_NAME) throw new CommandError('InvalidOptions', 'cannot drop _id index');
      if (!coll.indexes.has(n)) throw new CommandError('IndexNotFound', `index not found with name [${n}]`);
    }
    const batch = ctx.store.begin();
    for (const n of names) batch.record({ op: 'dropIndex', db, coll: name, name: n });
    await batch.commit();
    return { nIndexesWas: was, ok: 1 };
  },

  collMod: async (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'collMod');
    const coll = requireCollection(ctx, db, name);
    const generic = new Set(['collMod', '$db', 'lsid', '$clusterTime', 'writeConcern', 'comment', 'maxTimeMS', 'index']);
    const unsupported = Object.keys(cmd).filter((k) => !generic.has(k));
    if (unsupported.length) {
      throw new CommandError('InvalidOptions', `collMod option(s) ${unsupported.join(', ')} not supported by the embedded engine (only index.hidden and index.expireAfterSeconds)`);
    }
    const change = optionalDoc(cmd, 'index');
    if (!change) return { ok: 1 };
    const index = typeof change.name === 'string'
      ? coll.indexes.get(change.name)
      : [...coll.indexes.values()].find((i) => compareValues(i.spec.key, change.keyPattern) === 0);
    if (!index) throw new CommandError('IndexNotFound', `cannot find index ${JSON.stringify(change.name ?? change.keyPattern)} for ns ${db}.${name}`);
    const reply: Document = { ok: 1 };
    const spec: IndexSpec = { ...index.spec };
    if (change.hidden !== undefined) {
      reply.hidden_old = !!index.spec.hidden;
      reply.hidden_new = !!change.hidden;
      if (change.hidden) spec.hidden = true;
      else delete spec.hidden;
    }
    if (change.expireAfterSeconds !== undefined) {
      reply.expireAfterSeconds_old = index.spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = Number(change.expireAfterSeconds);
      spec.expireAfterSeconds = Number(change.expireAfterSeconds);
    }
    const batch = ctx.store.begin();
    batch.record({ op: 'index', db, coll: name, spec });
    await batch.commit();
    return reply;
  }
};

function stripGeneric(options: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(options)) {
    if (!['comment', 'maxTimeMS', 'readConcern', 'apiVersion', 'apiStrict', 'apiDeprecationErrors'].includes(k)) out[k] = v;
  }
  return out;
}
