import type { Document } from 'bson';
import { compareValues } from '../compare.ts';
import { CommandError } from '../errors.ts';
import { Collection } from '../storage/collection.ts';
import type { CommandContext } from './context.ts';
import { prepareNewDocument } from './write.ts';

// The writing stages of an aggregation: $out replaces a collection's documents with the results (checked in
// full before anything changes, so a duplicate key leaves the target as it was); $merge upserts them.

function target(value: unknown, db: string, stage: string): { db: string; coll: string } {
  const t = typeof value === 'string' ? { db, coll: value } : (value as Document | undefined);
  const coll = typeof value === 'string' ? value : (t?.coll as unknown);
  const targetDb = typeof value === 'string' ? db : ((t?.db as string | undefined) ?? db);
  if (typeof coll !== 'string' || !coll || coll.startsWith('system.') || coll.includes('$')) {
    throw new CommandError('InvalidNamespace', `${stage} needs a valid target collection name`);
  }
  return { db: targetDb, coll };
}

export function isOutputStage(stage: Document | undefined): boolean {
  const op = stage ? Object.keys(stage)[0] : undefined;
  return op === '$out' || op === '$merge';
}

export async function writeOutput(stage: Document, results: Document[], db: string, ctx: CommandContext): Promise<void> {
  const [op, spec] = Object.entries(stage)[0];
  if (op === '$out') return out(target(spec, db, '$out'), results, ctx);
  const s = (typeof spec === 'string' ? { into: spec } : spec) as Document;
  return merge(target(s.into, db, '$merge'), s, results, ctx);
}

async function out(to: { db: string; coll: string }, results: Document[], ctx: CommandContext): Promise<void> {
  const docs = results.map(prepareNewDocument);
  const existing = ctx.store.collection(to.db, to.coll);
  // Dry run against an empty copy of the target's indexes: duplicates fail before the target is touched.
  const scratch = new Collection(to.db, to.coll, ctx.queries);
  for (const spec of existing?.indexes.values() ?? []) scratch.addIndex(spec.spec);
  for (const doc of docs) {
    scratch.checkUnique(doc);
    scratch.put(doc);
  }
  const batch = ctx.store.begin();
  const coll = batch.ensureCollection(to.db, to.coll);
  for (const doc of [...coll.docs.values()]) batch.del(coll, doc._id);
  for (const doc of docs) batch.put(coll, doc);
  await batch.commit();
}

async function merge(to: { db: string; coll: string }, spec: Document, results: Document[], ctx: CommandContext): Promise<void> {
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? (spec.on as string[]) : [String(spec.on)];
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  if (typeof whenMatched !== 'string') throw new CommandError('IllegalOperation', '$merge with a whenMatched pipeline is not supported by the embedded engine');
  const batch = ctx.store.begin();
  const coll = batch.ensureCollection(to.db, to.coll);
  try {
    for (const result of results) {
      const filter: Document = {};
      for (const field of on) filter[field] = result[field];
      const [match] = ctx.queries.filter(coll.candidates(filter), filter, null, 1);
      let doc: Document | null = null;
      if (match) {
        if (whenMatched === 'fail') throw new CommandError('DuplicateKey', `$merge found an existing document matching ${JSON.stringify(filter)}`);
        if (whenMatched === 'keepExisting') continue;
        if (whenMatched === 'replace') doc = { _id: match._id, ...withoutId(result) };
        else if (whenMatched === 'merge') doc = { ...match, ...withoutId(result) };
        else throw new CommandError('BadValue', `unknown $merge whenMatched mode: ${whenMatched}`);
        if (result._id !== undefined && compareValues(result._id, match._id) !== 0) {
          throw new CommandError('ImmutableField', "$merge could not update the target document: '_id' would change");
        }
        coll.checkUnique(doc, match);
      } else {
        if (whenNotMatched === 'discard') continue;
        if (whenNotMatched === 'fail') throw new CommandError('BadValue', `$merge found no document matching ${JSON.stringify(filter)}`);
        doc = prepareNewDocument(result);
        coll.checkUnique(doc);
      }
      batch.put(coll, doc);
    }
  } finally {
    // Whatever was merged before a failure is applied in memory: journal it (MongoDB's $merge is not atomic either).
    await batch.commit();
  }
}

function withoutId(doc: Document): Document {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}
