// The shape of a shared document, declared by its type (see document-type.ts): which roots exist, and the kind of
// every key and nested value. The server checks each writer's update against it before applying it (a new root,
// a key nobody declared, a value of the wrong kind → the update is refused whole) and repairs a stored document
// that does not fit it (repair.ts). Yjs itself accepts anything, so without this one `set('header', 'x')` from
// any writer would leave a document that every reader of it trips over.
import * as Y from 'yjs';

export type Schema = MapSchema | ArraySchema | XmlSchema | TextSchema | ValueSchema;

export interface Field {
  readonly schema: Schema;
  /**
   * Created by the server (a seed or an upgrade) and never set, replaced or deleted by a client: the structure
   * everything else hangs on. Two clients creating it at once would each make their own, and one would vanish.
   */
  readonly fixed?: boolean;
}

export interface MapSchema {
  readonly kind: 'map';
  /** Named keys. */
  readonly fields?: Readonly<Record<string, Field>>;
  /** Keys chosen by clients (entry ids, comment ids): their pattern and what each holds. */
  readonly entries?: { readonly key: RegExp; readonly value: Schema; readonly max: number };
}
export interface ArraySchema {
  readonly kind: 'array';
  readonly of: Schema;
  readonly max: number;
}
/** A Y.XmlFragment of rich text as an editor binding writes it: elements named after node types, text with marks. */
export interface XmlSchema {
  readonly kind: 'xml';
  readonly nodes: readonly string[];
  readonly marks: readonly string[];
  /**
   * Elements and texts nested in the fragment at most (a list in a list item in a list … ends in a text): readers
   * of rich text (exports, the editor binding) walk it recursively.
   */
  readonly maxDepth: number;
}
/** A Y.Text. */
export interface TextSchema {
  readonly kind: 'text';
  readonly marks: readonly string[];
}
export type ValueSchema =
  | { readonly kind: 'string'; readonly max: number; readonly values?: readonly string[] }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  | { readonly kind: 'bytes'; readonly max: number }
  /** A plain JSON value, as a whole (never merged): bounded in size; its shape checked by `valid` when given. */
  | { readonly kind: 'json'; readonly maxBytes: number; readonly valid?: (value: unknown) => boolean }
  | { readonly kind: 'oneOf'; readonly of: readonly ValueSchema[] };

/** Roots are the only containers that exist without being created: each declared root is a map, array, xml or text. */
export interface DocSchema {
  readonly roots: Readonly<Record<string, MapSchema | ArraySchema | XmlSchema | TextSchema>>;
}

export type ContainerSchema = MapSchema | ArraySchema | XmlSchema | TextSchema;

/** Builders, so a type's declaration reads as its shape. */
export const s = {
  map: (fields: Record<string, Schema | Field>, entries?: MapSchema['entries']): MapSchema => ({
    kind: 'map',
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, 'schema' in v ? v : { schema: v }])),
    ...(entries ? { entries } : {})
  }),
  entries: (key: RegExp, value: Schema, max: number): MapSchema => ({ kind: 'map', entries: { key, value, max } }),
  fixed: (schema: Schema): Field => ({ schema, fixed: true }),
  array: (of: Schema, max: number): ArraySchema => ({ kind: 'array', of, max }),
  xml: (nodes: readonly string[], marks: readonly string[], maxDepth = 24): XmlSchema => ({ kind: 'xml', nodes, marks, maxDepth }),
  text: (marks: readonly string[] = []): TextSchema => ({ kind: 'text', marks }),
  string: (max: number, values?: readonly string[]): ValueSchema => ({ kind: 'string', max, ...(values ? { values } : {}) }),
  number: (min: number, max: number, integer = false): ValueSchema => ({ kind: 'number', min, max, integer }),
  boolean: (): ValueSchema => ({ kind: 'boolean' }),
  null: (): ValueSchema => ({ kind: 'null' }),
  bytes: (max: number): ValueSchema => ({ kind: 'bytes', max }),
  json: (maxBytes: number, valid?: (value: unknown) => boolean): ValueSchema => ({ kind: 'json', maxBytes, ...(valid ? { valid } : {}) }),
  oneOf: (...of: ValueSchema[]): ValueSchema => ({ kind: 'oneOf', of })
};

export function isContainer(schema: Schema): schema is ContainerSchema {
  return schema.kind === 'map' || schema.kind === 'array' || schema.kind === 'xml' || schema.kind === 'text';
}

/** Attributes an editor binding keeps on an element (list start, heading level …): small plain values. */
const XML_ATTRIBUTE_MAX = 200;
export const MAX_XML_ATTRIBUTES = 16;

/** Whether a Y type instance (live, or just decoded from an update) is the container `schema` declares. */
export function typeMatches(type: unknown, schema: Schema): boolean {
  switch (schema.kind) {
    case 'map':
      return type instanceof Y.Map;
    case 'array':
      return type instanceof Y.Array;
    case 'text':
      return type instanceof Y.Text && !(type instanceof Y.XmlText);
    case 'xml':
      return type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement);
    default:
      return false;
  }
}

/**
 * What may sit in a container of rich text: a `child` of a fragment or element (an element of a known node, or a
 * text), or an attribute of an element (`attribute` set).
 */
export function xmlChildAllowed(schema: XmlSchema, value: unknown): boolean {
  if (value instanceof Y.XmlText) return true;
  return value instanceof Y.XmlElement && schema.nodes.includes(value.nodeName);
}

export function xmlAttributeAllowed(value: unknown): boolean {
  return value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= XML_ATTRIBUTE_MAX);
}

/** Whether a plain value (from ContentAny or ContentBinary) fits a value schema. A Y type never does. */
export function valueMatches(value: unknown, schema: Schema): boolean {
  switch (schema.kind) {
    case 'string':
      return typeof value === 'string' && value.length <= schema.max && (!schema.values || schema.values.includes(value));
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= schema.min &&
        value <= schema.max &&
        (!schema.integer || Number.isInteger(value))
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'bytes':
      return value instanceof Uint8Array && value.byteLength <= schema.max;
    case 'json':
      return isBoundedJson(value, schema.maxBytes) && (!schema.valid || schema.valid(value));
    case 'oneOf':
      return schema.of.some((option) => valueMatches(value, option));
    default:
      return false;
  }
}

/** A JSON value (no Y type, no binary, no undefined) whose encoding fits in `maxBytes`. */
function isBoundedJson(value: unknown, maxBytes: number): boolean {
  let budget = maxBytes;
  // Iterative, so that no nesting, however deep, can exhaust the stack.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    budget -= 4;
    if (budget < 0) return false;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (typeof v === 'string') {
      budget -= v.length;
      continue;
    }
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, inner] of Object.entries(v as object)) {
        budget -= k.length;
        stack.push(inner);
      }
      continue;
    }
    return false;
  }
  return budget >= 0;
}

/** The schema of the value under `key` of a map, or null when the map declares no such key. */
export function fieldOf(map: MapSchema, key: string): Field | null {
  const field = map.fields && Object.hasOwn(map.fields, key) ? map.fields[key] : undefined;
  if (field) return field;
  if (map.entries && map.entries.key.test(key)) return { schema: map.entries.value };
  return null;
}

/**
 * Whether an item's content is what `schema` declares: a Y type of the declared container, or plain values (from
 * `from` on: the units the document already has are not checked again). Shared by the check and the repair.
 */
export function contentFits(content: Y.Item['content'], schema: Schema, from = 0): boolean {
  if (content instanceof Y.ContentType) return isContainer(schema) && typeMatches(content.type, schema);
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON || content instanceof Y.ContentBinary) {
    if (isContainer(schema)) return false;
    return content.getContent().slice(from).every((value) => valueMatches(value, schema));
  }
  return false;
}

/** Whether an item's content may sit in text: characters, or a declared mark (on, or off with null). */
export function textContentFits(content: Y.Item['content'], marks: readonly string[]): boolean {
  if (content instanceof Y.ContentString) return true;
  if (content instanceof Y.ContentFormat) return marks.includes(content.key) && (content.value === null || typeof content.value === 'object' || content.value === true);
  return false;
}
