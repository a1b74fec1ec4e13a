import type { Document } from 'bson';
import { CommandError } from '../errors.ts';
import type { IndexSpec } from '../storage/indexes.ts';
import { Languages } from './languages.ts';

// A text index as MongoDB describes it: the key { _fts: 'text', _ftsx: 1 } whatever fields it covers, the
// fields in `weights` (sorted by name), `default_language`, `language_override` and `textIndexVersion: 3`.

export const TEXT_OPTIONS = ['weights', 'default_language', 'language_override', 'textIndexVersion'];

export function isTextKey(key: Document): boolean {
  return Object.values(key).some((d) => d === 'text') || key._fts === 'text';
}

export function isTextSpec(spec: IndexSpec): boolean {
  return spec.key._fts === 'text';
}

/** The options that make two text indexes the same index. */
export function sameTextOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    JSON.stringify(a.weights) === JSON.stringify(b.weights) &&
    a.default_language === b.default_language &&
    a.language_override === b.language_override
  );
}

/** Builds the stored spec from a createIndexes entry whose key has 'text' fields; MongoDB's errors otherwise. */
export function textIndexSpec(raw: Document, defaultName: string): IndexSpec {
  const key = raw.key as Document;
  const weights: Record<string, number> = {};
  for (const [field, dir] of Object.entries(key)) {
    if (field === '_fts' || field === '_ftsx') continue;
    if (dir !== 'text') {
      throw new CommandError('CannotCreateIndex', `compound text indexes with non-text fields ('${field}') are not supported by the embedded engine`);
    }
    if (field === '$**' || field.endsWith('.$**')) {
      throw new CommandError('CannotCreateIndex', 'wildcard text indexes ($**) are not supported by the embedded engine');
    }
    weights[field] = 1;
  }
  if (raw.weights !== undefined) {
    if (!raw.weights || typeof raw.weights !== 'object' || Array.isArray(raw.weights)) {
      throw new CommandError('CannotCreateIndex', 'weights must be an object');
    }
    for (const [field, w] of Object.entries(raw.weights as Document)) {
      const n = typeof w === 'number' ? w : Number((w as { valueOf(): unknown })?.valueOf?.());
      if (!Number.isFinite(n)) throw new CommandError('CannotCreateIndex', 'weight for text index needs numeric type');
      if (n <= 0 || n >= 100000) throw new CommandError('CannotCreateIndex', 'text index weights must be in the exclusive interval (0,100000) but found: ' + n);
      if (field === '$**') throw new CommandError('CannotCreateIndex', 'wildcard text indexes ($**) are not supported by the embedded engine');
      weights[field] = n;
    }
  }
  if (Object.keys(weights).length === 0) throw new CommandError('CannotCreateIndex', 'text index needs at least one field');
  const sorted: Record<string, number> = {};
  for (const field of Object.keys(weights).sort()) sorted[field] = weights[field];
  const language = raw.default_language ?? 'english';
  if (typeof language !== 'string' || !Languages.canonical(language)) {
    throw new CommandError('CannotCreateIndex', `default_language: unsupported language: "${String(language)}" for text index version 3`);
  }
  const override = raw.language_override ?? 'language';
  if (typeof override !== 'string' || override.length === 0) {
    throw new CommandError('CannotCreateIndex', 'language_override must be a non-empty string');
  }
  if (raw.textIndexVersion !== undefined && Number(raw.textIndexVersion) !== 3) {
    throw new CommandError('CannotCreateIndex', `the embedded engine supports textIndexVersion 3 only, got ${String(raw.textIndexVersion)}`);
  }
  for (const option of ['unique', 'partialFilterExpression', 'expireAfterSeconds']) {
    if (raw[option] !== undefined && raw[option] !== false) {
      throw new CommandError('CannotCreateIndex', `option '${option}' on a text index is not supported by the embedded engine`);
    }
  }
  return {
    v: 2,
    key: { _fts: 'text', _ftsx: 1 },
    name: typeof raw.name === 'string' ? raw.name : defaultName,
    weights: sorted,
    default_language: language,
    language_override: override,
    textIndexVersion: 3
  };
}
