import { BSON, BSONRegExp, ObjectId, type Document } from 'bson';
import { updateOne } from 'mingo/updater';
import { cloneDeep } from 'mingo/util';
import { compareValues, isNumeric } from './compare.ts';
import { CommandError } from './errors.ts';
import { applyFastUpdate, isFastUpdate } from './fast-update.ts';
import { getPath, setPath } from './paths.ts';
import { promote, retype } from './promote.ts';
import { refuseServerScript, translate, type QueryEngine } from './query.ts';

// Update semantics: mingo's updater for operators and pipelines, run on a plain-number copy of the stored
// document; the engine adds what mingo lacks — $setOnInsert, replacement documents, upsert construction,
// MongoDB's checks (immutable _id, conflicting paths, numeric $inc) and keeping each field's BSON width.

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$pull', '$pullAll', '$pop',
  '$rename', '$currentDate', '$bit', '$setOnInsert'
]);
const ARITHMETIC = new Set(['$inc', '$mul']);

export type UpdateSpec =
  | { kind: 'pipeline'; stages: Document[] }
  | { kind: 'replacement'; doc: Document }
  | { kind: 'operators'; ops: Document };

const unknownModifier = (name: string) =>
  new CommandError('FailedToParse', `Unknown modifier: ${name}. Expected a valid update modifier or pipeline-style update specified as an array`);

export function parseUpdate(u: unknown): UpdateSpec {
  refuseServerScript(u);
  if (Array.isArray(u)) return { kind: 'pipeline', stages: promote(u as Document[]) };
  if (u === null || typeof u !== 'object' || Object.getPrototypeOf(u) !== Object.prototype) {
    throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return { kind: 'replacement', doc: u as Document };
  if (ops.length !== keys.length) throw unknownModifier(keys.find((k) => !k.startsWith('$'))!);
  for (const op of ops) {
    if (!UPDATE_OPERATORS.has(op)) throw unknownModifier(op);
    const arg = (u as Document)[op];
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
      throw new CommandError('FailedToParse', `Modifiers operate on fields but we found type ${Array.isArray(arg) ? 'array' : typeof arg} instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(arg)}}`);
    }
  }
  checkConflicts(u as Document);
  return { kind: 'operators', ops: u as Document };
}

/** MongoDB refuses one update touching a path twice, or a path and its parent (code 40). */
function checkConflicts(ops: Document): void {
  const paths: string[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    for (const [field, value] of Object.entries(arg as Document)) {
      paths.push(field);
      if (op === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  const norm = (p: string) => p.split('.').filter((s) => !s.startsWith('$')).join('.');
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [norm(paths[i]), norm(paths[j])];
      if (a === b || a.startsWith(b + '.') || b.startsWith(a + '.')) {
        throw new CommandError('ConflictingUpdateOperators', `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`);
      }
    }
  }
}

function idFirst(doc: Document, id: unknown): Document {
  const out: Document = { _id: id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v;
  return out;
}

/**
 * The modifier handed to mingo: values that are stored as given ($set, $push's elements) keep their exact
 * BSON width; operands mingo computes or compares with are plain numbers, matching the promoted document.
 */
function mingoModifier(ops: Document, setOnInsert: boolean): Document {
  const out: Document = {};
  for (const [op, arg] of Object.entries(ops)) {
    if (op === '$setOnInsert') continue;
    if (op === '$set') out.$set = { ...(out.$set ?? {}), ...arg };
    else if (op === '$push') {
      const push: Document = {};
      for (const [field, v] of Object.entries(arg as Document)) {
        const each = v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && '$each' in v;
        // With $sort, mingo compares the new elements with the promoted old ones: they must be plain too.
        push[field] = each ? { ...promote(v), $each: '$sort' in v ? promote((v as Document).$each) : (v as Document).$each } : v;
      }
      out.$push = push;
    } else out[op] = promote(arg);
  }
  if (setOnInsert && ops.$setOnInsert) out.$set = { ...(out.$set ?? {}), ...ops.$setOnInsert };
  return out;
}

function checkArithmetic(ops: Document, doc: Document): void {
  for (const op of ARITHMETIC) {
    const arg = ops[op] as Document | undefined;
    if (!arg) continue;
    for (const [field, operand] of Object.entries(arg)) {
      if (!isNumeric(operand)) {
        throw new CommandError('TypeMismatch', `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${field}: ${JSON.stringify(operand)}}`);
      }
      if (field.includes('$')) continue;
      const current = getPath(doc, field);
      if (current !== undefined && !isNumeric(current)) {
        const type = current === null ? 'null' : Array.isArray(current) ? 'array' : typeof current === 'object' ? 'object' : typeof current;
        throw new CommandError('TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. {_id: ${String(doc._id)}} has the field '${field}' of non-numeric type ${type}`);
      }
    }
  }
}

/**
 * An inserting upsert may name the new document's _id through $set or $setOnInsert (mingo refuses any
 * write to _id): move it onto the base document, unless the filter already fixed a different one.
 */
function takeNewId(ops: Document, base: Document): Document {
  const out: Document = { ...ops };
  for (const op of ['$set', '$setOnInsert']) {
    const arg = out[op] as Document | undefined;
    if (!arg || !('_id' in arg)) continue;
    const { _id, ...others } = arg;
    if (base._id !== undefined && compareValues(base._id, _id) !== 0) throw immutableId();
    base._id = _id;
    out[op] = others;
  }
  return out;
}

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/** MongoDB refuses array operators on a field holding something else (and changes nothing). */
function checkArrays(ops: Document, doc: Document): void {
  for (const op of ARRAY_OPERATORS) {
    const arg = ops[op] as Document | undefined;
    if (!arg) continue;
    for (const field of Object.keys(arg)) {
      if (field.includes('$')) continue;
      const current = getPath(doc, field);
      if (current === undefined || Array.isArray(current)) continue;
      const type = current === null ? 'null' : typeof current === 'object' ? (current as { _bsontype?: string })._bsontype ?? 'object' : typeof current;
      if (op === '$pop') throw new CommandError('TypeMismatch', `Path '${field}' contains an element of non-array type '${type}'`);
      throw new CommandError('BadValue', `The field '${field}' must be an array but is of type ${type} in document {_id: ${String(doc._id)}}`);
    }
  }
}

const touchesId = (ops: Document) =>
  Object.entries(ops).some(([op, arg]) => op !== '$setOnInsert' && Object.keys(arg as Document).some((f) => f === '_id' || f.startsWith('_id.')));

function runOperators(target: Document, modifier: Document, arrayFilters: Document[] | undefined, condition: Document, queries: QueryEngine, idTouched: boolean): Document {
  if (Object.keys(modifier).length === 0) return target;
  const docs = [target];
  try {
    queries.guarded([condition, modifier, arrayFilters], () =>
      translate(() => updateOne(docs, condition, modifier, { arrayFilters: arrayFilters ?? [], cloneMode: 'copy' }, queries.mingoOptions))
    );
  } catch (err) {
    if (idTouched) throw immutableId();
    throw err;
  }
  return docs[0];
}

const immutableId = () => new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");

function checkIdUnchanged(before: Document, after: Document): void {
  if (compareValues(before._id, after._id) !== 0) throw immutableId();
}

/** Applies an update to a stored document, returning a new object (stored documents stay untouched). */
export function applyUpdate(
  current: Document,
  spec: UpdateSpec,
  arrayFilters: Document[] | undefined,
  filter: Document | undefined,
  queries: QueryEngine
): { doc: Document; modified: boolean } {
  let doc: Document;
  if (spec.kind === 'replacement') {
    if (spec.doc._id !== undefined && compareValues(spec.doc._id, current._id) !== 0) {
      throw new CommandError('ImmutableField', `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(spec.doc._id)}`);
    }
    doc = idFirst(spec.doc, current._id);
  } else if (spec.kind === 'pipeline') {
    const [result] = queries.aggregate([current], spec.stages, () => []);
    if (!result) throw new CommandError('BadValue', 'pipeline update produced no document');
    checkIdUnchanged(current, result);
    doc = idFirst(retype(result, current) as Document, current._id);
  } else {
    checkArithmetic(spec.ops, current);
    checkArrays(spec.ops, current);
    const fast = isFastUpdate(spec.ops) ? applyFastUpdate(current, spec.ops) : null;
    if (fast) return fast;
    const view = promote(current);
    const result = runOperators(view, mingoModifier(spec.ops, false), arrayFilters, filter ?? {}, queries, touchesId(spec.ops));
    checkIdUnchanged(current, result);
    doc = retype(result, current) as Document;
  }
  return { doc, modified: !identical(doc, current) };
}

/** MongoDB counts a document as modified when its bytes change (a change of BSON width alone counts). */
function identical(a: Document, b: Document): boolean {
  return Buffer.from(BSON.serialize(a)).equals(BSON.serialize(b));
}

/** Fields a filter pins by equality, which MongoDB copies into a document an upsert inserts. */
export function equalityFields(filter: Document | undefined, out: Document = {}): Document {
  if (!filter) return out;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) equalityFields(sub as Document, out);
      continue;
    }
    if (k.startsWith('$') || v instanceof RegExp || v instanceof BSONRegExp) continue;
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
    const result = queries.aggregate([base], spec.stages, () => [])[0];
    doc = result ? (retype(result, base) as Document) : base;
  } else {
    checkArithmetic(spec.ops, base);
    checkArrays(spec.ops, base);
    const { $setOnInsert, ...rest } = takeNewId(spec.ops, base);
    const ops = $setOnInsert ? { ...rest, $set: { ...(rest.$set ?? {}), ...$setOnInsert } } : rest;
    const fast = isFastUpdate(ops) ? applyFastUpdate(base, ops) : null;
    doc = fast
      ? fast.doc
      : (retype(runOperators(promote(base), mingoModifier(ops, false), arrayFilters, {}, queries, touchesId(ops)), base) as Document);
    if (base._id !== undefined && compareValues(doc._id, base._id) !== 0) throw immutableId();
  }
  return idFirst(doc, doc._id === undefined ? new ObjectId() : doc._id);
}

