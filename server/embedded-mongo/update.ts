import { ObjectId, type Document } from 'bson';
import { updateOne } from 'mingo/updater';
import { cloneDeep } from 'mingo/util';
import { compareValues } from './compare.ts';
import { CommandError } from './errors.ts';
import { setPath } from './paths.ts';
import { refuseServerScript, translate, type QueryEngine } from './query.ts';

// Update semantics: mingo's updater for operators and pipelines; the engine adds what mingo lacks —
// $setOnInsert, replacement documents, upsert document construction and the immutable _id rule.

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$pull', '$pullAll', '$pop',
  '$rename', '$currentDate', '$bit', '$setOnInsert'
]);

export type UpdateSpec =
  | { kind: 'pipeline'; stages: Document[] }
  | { kind: 'replacement'; doc: Document }
  | { kind: 'operators'; ops: Document };

export function parseUpdate(u: unknown): UpdateSpec {
  refuseServerScript(u);
  if (Array.isArray(u)) return { kind: 'pipeline', stages: u as Document[] };
  if (u === null || typeof u !== 'object') throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return { kind: 'replacement', doc: u as Document };
  if (ops.length !== keys.length) {
    const plain = keys.find((k) => !k.startsWith('$'));
    throw new CommandError('FailedToParse', `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of ops) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw new CommandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    const arg = (u as Document)[op];
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
      throw new CommandError('FailedToParse', `Modifiers operate on fields but we found type ${Array.isArray(arg) ? 'array' : typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(arg)}}`);
    }
  }
  return { kind: 'operators', ops: u as Document };
}

function idFirst(doc: Document, id: unknown): Document {
  const out: Document = { _id: id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v;
  return out;
}

function runOperators(
  target: Document,
  ops: Document,
  arrayFilters: Document[] | undefined,
  condition: Document,
  queries: QueryEngine
): { doc: Document; modified: boolean } {
  if (Object.keys(ops).length === 0) return { doc: target, modified: false };
  const docs = [target];
  const result = translate(() =>
    updateOne(docs, condition, ops, { arrayFilters: arrayFilters ?? [], cloneMode: 'copy' }, queries.mingoOptions)
  );
  return { doc: docs[0], modified: result.modifiedCount > 0 };
}

function withoutSetOnInsert(ops: Document): Document {
  const { $setOnInsert: _ignored, ...rest } = ops;
  return rest;
}

function checkIdUnchanged(before: Document, after: Document): void {
  if (compareValues(before._id, after._id) !== 0) {
    throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
}

/** Applies an update to a stored document, returning a new object (stored documents stay untouched). */
export function applyUpdate(
  current: Document,
  spec: UpdateSpec,
  arrayFilters: Document[] | undefined,
  filter: Document | undefined,
  queries: QueryEngine
): { doc: Document; modified: boolean } {
  if (spec.kind === 'replacement') {
    if (spec.doc._id !== undefined && compareValues(spec.doc._id, current._id) !== 0) {
      throw new CommandError('ImmutableField', `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(spec.doc._id)}`);
    }
    const doc = idFirst(spec.doc, current._id);
    return { doc, modified: compareValues(doc, current) !== 0 };
  }
  if (spec.kind === 'pipeline') {
    const [doc] = queries.aggregate([current], spec.stages, () => []);
    if (!doc) throw new CommandError('BadValue', 'pipeline update produced no document');
    checkIdUnchanged(current, doc);
    const ordered = idFirst(doc, current._id);
    return { doc: ordered, modified: compareValues(ordered, current) !== 0 };
  }
  const clone = cloneDeep(current) as Document;
  const { doc, modified } = runOperators(clone, withoutSetOnInsert(spec.ops), arrayFilters, filter ?? {}, queries);
  checkIdUnchanged(current, doc);
  return { doc, modified };
}

/** Fields a filter pins by equality, which MongoDB copies into a document an upsert inserts. */
export function equalityFields(filter: Document | undefined, out: Document = {}): Document {
  if (!filter) return out;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) equalityFields(sub as Document, out);
      continue;
    }
    if (k.startsWith('$') || v instanceof RegExp) continue;
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v);
      if (keys.length && keys.every((key) => key.startsWith('$'))) {
        if ('$eq' in v) setPath(out, k, cloneDeep((v as Document).$eq));
        continue;
      }
    }
    setPath(out, k, cloneDeep(v));
  }
  return out;
}

/** The document an upsert inserts when nothing matched: filter equalities + the update (+ $setOnInsert). */
export function buildUpsertDocument(
  filter: Document | undefined,
  spec: UpdateSpec,
  arrayFilters: Document[] | undefined,
  queries: QueryEngine
): Document {
  const base = equalityFields(filter);
  let doc: Document;
  if (spec.kind === 'replacement') {
    doc = { ...spec.doc };
    if (base._id !== undefined) doc._id = base._id;
  } else if (spec.kind === 'pipeline') {
    doc = queries.aggregate([base], spec.stages, () => [])[0] ?? base;
  } else {
    const { $setOnInsert, ...rest } = spec.ops;
    doc = runOperators(base, rest, arrayFilters, {}, queries).doc;
    if ($setOnInsert) doc = runOperators(doc, { $set: $setOnInsert }, arrayFilters, {}, queries).doc;
    if (base._id !== undefined && compareValues(doc._id, base._id) !== 0) {
      throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
  }
  return idFirst(doc, doc._id === undefined ? new ObjectId() : doc._id);
}
