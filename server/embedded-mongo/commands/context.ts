import type { Document } from 'bson';
import type { CursorRegistry } from '../cursors.ts';
import { compareValues } from '../compare.ts';
import type { Collation } from '../collation.ts';
import { CommandError } from '../errors.ts';
import type { QueryEngine } from '../query.ts';
import type { Collection } from '../storage/collection.ts';
import type { Store } from '../storage/store.ts';
import { splitTextFilter, textSearch } from '../text/search.ts';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** What a command handler may touch; one per engine, plus the id of the asking connection. */
export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  queries: QueryEngine;
  logger: Logger;
  connectionId: number;
  /** What `hello` advertises when a client asks for `saslSupportedMechs` (none when no account is required). */
  saslMechanisms?: string[];
  /** The request body decoded with exact BSON widths, for the documents a write stores. */
  typed: () => Document;
}

/** A reply document, or one already encoded (cursor replies). */
export type Reply = Document | Uint8Array;
export type Handler = (cmd: Document, db: string, ctx: CommandContext) => Reply | Promise<Reply>;

export function collectionArg(cmd: Document, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${value === null ? 'null' : typeof value}`);
  }
  if (value.includes('\0') || value.startsWith('system.') || value.includes('$')) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${value}`);
  }
  return value;
}

export function optionalDoc(cmd: Document, field: string): Document | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${Array.isArray(v) ? 'array' : typeof v}', expected type 'object'`);
  }
  return v as Document;
}

/** A filter argument: absent, or a document (a string or number filter is a client bug, not an empty filter). */
export function filterArg(value: unknown, field: string): Document | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${Array.isArray(value) ? 'array' : typeof value}', expected type 'object'`);
  }
  return value as Document;
}

export function numberArg(cmd: Document, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof (v as { toNumber?: () => number }).toNumber === 'function' ? (v as { toNumber(): number }).toNumber() : NaN;
  if (Number.isNaN(n)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type, expected a number`);
  return n;
}

/** MongoDB refuses a hint naming no existing index (code 2); a valid hint changes nothing here. */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null) return;
  if (typeof hint === 'object' && !Array.isArray(hint) && Object.keys(hint as Document).length === 0) return;
  const specs = coll?.specs() ?? [];
  const ok =
    typeof hint === 'string'
      ? specs.some((s) => s.name === hint)
      : typeof hint === 'object' && ('$natural' in (hint as Document) || specs.some((s) => compareValues(s.key, hint) === 0));
  if (!ok) throw new CommandError('BadValue', 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
}

/**
 * Documents of `coll` matching `filter`, using an index when the filter allows. Under a collation the hash
 * indexes (binary keys) cannot answer, so it scans. A `$text` filter goes through the text index.
 */
export function matching(
  coll: Collection | undefined,
  filter: Document | undefined,
  ctx: CommandContext,
  collation?: Collation | null,
  limit = Infinity
): Document[] {
  const text = splitTextFilter(filter);
  if (text) return textSearch(coll, text.text, text.rest, ctx.queries, collation, limit).docs;
  if (!coll) {
    ctx.queries.compile(filter, collation); // still reject a bad filter on a missing collection
    return [];
  }
  return ctx.queries.filter(collation ? coll.docs.values() : coll.candidates(filter), filter, collation, limit);
}
