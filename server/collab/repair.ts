// Makes a loaded document fit its schema before anyone sees it: a value of the wrong kind, an undeclared key or
// root, a stray item in a container of another kind is deleted (with the server as origin, so the repair is
// stored and reaches every replica). The type's seed then re-creates any structure that went missing. A stored
// document that once took a bad write (before the schema check, or through a bug) so opens again, never stays
// "load failed". Iterative: a stored document nested however deep cannot exhaust the stack.
import * as Y from 'yjs';
import type { YType } from './inspect';
import {
  contentFits,
  fieldOf,
  MAX_XML_ATTRIBUTES,
  textContentFits,
  xmlAttributeAllowed,
  xmlChildAllowed,
  type ContainerSchema,
  type DocSchema
} from './schema';

const ROOT_CONSTRUCTORS = {
  map: Y.Map,
  array: Y.Array,
  xml: Y.XmlFragment,
  text: Y.Text
} as const;

/** What repair dropped, one line each (for the log). */
export type RepairReport = string[];

/** Gives each declared root its kind (Yjs keeps a loaded root untyped until someone asks for it). */
export function typeRoots(doc: Y.Doc, schema: DocSchema): void {
  for (const [name, root] of Object.entries(schema.roots)) doc.get(name, ROOT_CONSTRUCTORS[root.kind]);
}

export function repairDocument(doc: Y.Doc, schema: DocSchema, origin: unknown): RepairReport {
  // The declared roots already have their kind: SharedDoc gives it to them when it loads the document.
  const report: RepairReport = [];
  const doomed: { item: Y.Item; why: string }[] = [];
  const stack: { type: YType; schema: ContainerSchema; path: string; depth: number }[] = [];
  for (const [name, type] of doc.share) {
    const declared = Object.hasOwn(schema.roots, name) ? schema.roots[name] : null;
    if (!declared) {
      for (const item of itemsOf(type)) doomed.push({ item, why: `undeclared root ${name}` });
      continue;
    }
    stack.push({ type, schema: declared, path: name, depth: 0 });
  }
  while (stack.length > 0) {
    const { type, schema: node, path, depth } = stack.pop()!;
    for (const item of listItems(type)) {
      let verdict = listItemFits(node, type, item);
      if (verdict === true && node.kind === 'xml' && item.content instanceof Y.ContentType && depth + 1 > node.maxDepth) verdict = 'nested too deep';
      if (verdict === true) {
        if (item.content instanceof Y.ContentType) {
          stack.push({ type: item.content.type, schema: childSchema(node), path: `${path}[]`, depth: node.kind === 'xml' ? depth + 1 : 0 });
        }
      } else doomed.push({ item, why: `${path}: ${verdict}` });
    }
    let attributes = 0;
    for (const [key, item] of mapItems(type)) {
      const verdict = keyFits(node, type, key, item, ++attributes);
      if (verdict === true) {
        if (item.content instanceof Y.ContentType && node.kind === 'map') {
          stack.push({ type: item.content.type, schema: fieldOf(node, key)!.schema as ContainerSchema, path: `${path}.${key}`, depth: 0 });
        }
      } else doomed.push({ item, why: `${path}.${key}: ${verdict}` });
    }
  }
  if (doomed.length > 0) {
    doc.transact((tr) => {
      for (const { item, why } of doomed) {
        if (!item.deleted) item.delete(tr);
        report.push(why);
      }
    }, origin);
  }
  return report;
}

function childSchema(node: ContainerSchema): ContainerSchema {
  if (node.kind === 'array') return node.of as ContainerSchema;
  return node; // inside rich text, elements and texts follow the fragment's rules
}

/** A live item of a container's list part (array elements, rich-text children, characters). */
function listItemFits(node: ContainerSchema, type: YType, item: Y.Item): true | string {
  const content = item.content;
  switch (node.kind) {
    case 'map':
      return 'a map holds nothing in order';
    case 'array':
      return contentFits(content, node.of) ? true : 'wrong kind of list item';
    case 'text':
      return textItemFits(content, node.marks);
    case 'xml':
      if (type instanceof Y.XmlText) return textItemFits(content, node.marks);
      return content instanceof Y.ContentType && xmlChildAllowed(node, content.type) ? true : 'not a paragraph, list or text';
  }
}

function textItemFits(content: Y.Item['content'], marks: readonly string[]): true | string {
  return textContentFits(content, marks) ? true : 'not text or a declared mark';
}

/** A live value under a key (map entries, element attributes). */
function keyFits(node: ContainerSchema, type: YType, key: string, item: Y.Item, count: number): true | string {
  const content = item.content;
  if (node.kind === 'map') {
    const field = fieldOf(node, key);
    if (!field) return 'undeclared key';
    return contentFits(content, field.schema) ? true : 'wrong kind of value';
  }
  if (node.kind === 'xml' && type instanceof Y.XmlElement) {
    if (count > MAX_XML_ATTRIBUTES) return 'too many attributes';
    return content instanceof Y.ContentAny && content.getContent().every(xmlAttributeAllowed) ? true : 'not a plain attribute';
  }
  return 'this container holds no keys';
}

function* listItems(type: YType): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) yield item;
}

function* mapItems(type: YType): Generator<[string, Y.Item]> {
  for (const [key, item] of type._map) if (!item.deleted) yield [key, item];
}

function itemsOf(type: YType): Y.Item[] {
  return [...listItems(type), ...[...mapItems(type)].map(([, item]) => item)];
}
