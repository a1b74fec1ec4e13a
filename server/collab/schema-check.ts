// Checks an inspected update against a document's schema: every new item must land in a declared place and be
// of the declared kind, and nothing the schema fixes may be replaced or deleted. The schema node of each existing
// container is remembered (a container never moves in Yjs), so typing costs a map lookup or two.
import * as Y from 'yjs';
import type { DeletedItem, FreshItem, Inspector, Parent, RawInspection, YType } from './inspect';
import { rootName } from './inspect';
import {
  contentFits,
  fieldOf,
  textContentFits,
  isContainer,
  MAX_XML_ATTRIBUTES,
  typeMatches,
  xmlAttributeAllowed,
  xmlChildAllowed,
  type DocSchema,
  type Schema,
  type XmlSchema
} from './schema';
import { ALLOWED, refused, type GuardVerdict } from './update-guard';

/** Where the schema says a container is; `null`: nowhere (an undeclared root or key). */
type Node = Schema | null;

export class SchemaCheck {
  private readonly nodes = new WeakMap<YType, Node>();
  private readonly depths = new WeakMap<YType, number>();

  constructor(
    private readonly doc: Y.Doc,
    readonly schema: DocSchema
  ) {}

  check(inspection: Extract<RawInspection, { ok: true }>): GuardVerdict {
    for (const fresh of inspection.items) {
      const verdict = this.checkItem(fresh, inspection.inspector);
      if (!verdict.ok) return verdict;
    }
    for (const d of inspection.deletes) {
      const verdict = this.checkDelete(d);
      if (!verdict.ok) return verdict;
    }
    return ALLOWED;
  }

  /** The schema node of an existing container. */
  nodeOfType(type: YType): Node {
    const cached = this.nodes.get(type);
    if (cached !== undefined) return cached;
    let node: Node;
    const item = type._item;
    if (!item) {
      const name = rootName(this.doc, type);
      node = name !== null && Object.hasOwn(this.schema.roots, name) ? this.schema.roots[name] : null;
    } else {
      node = childNode(this.nodeOfType(item.parent as YType), item.parentSub);
    }
    this.nodes.set(type, node);
    return node;
  }

  /**
   * The schema node of the container an item lands in, the container, and how deep it sits in rich text.
   * `dead`: the container is (or lands in) deleted content, where Yjs drops what arrives.
   */
  private nodeOfParent(parent: Parent, inspector: Inspector, depth = 0): { node: Node; type: unknown; xmlDepth: number; dead?: true } {
    switch (parent.kind) {
      case 'root': {
        const node = Object.hasOwn(this.schema.roots, parent.name) ? this.schema.roots[parent.name] : null;
        return { node, type: this.doc.share.get(parent.name), xmlDepth: 0 };
      }
      case 'type':
        return { node: this.nodeOfType(parent.type), type: parent.type, xmlDepth: this.xmlDepthOf(parent.type) };
      case 'new': {
        if (depth > 256) return { node: null, type: null, xmlDepth: 0 };
        const place = inspector.placeOf(parent.item);
        const above = this.nodeOfParent(place.parent, inspector, depth + 1);
        const type = (parent.item.content as Y.ContentType).type;
        if (above.dead || place.parent.kind === 'dead') return { node: null, type, xmlDepth: 0, dead: true };
        const inXml = above.node?.kind === 'xml' && (type instanceof Y.XmlElement || type instanceof Y.XmlText);
        return { node: childNode(above.node, place.key), type, xmlDepth: inXml ? above.xmlDepth + 1 : 0 };
      }
      case 'dead':
        return { node: null, type: null, xmlDepth: 0, dead: true };
      default:
        return { node: null, type: null, xmlDepth: 0 };
    }
  }

  /** How many elements and texts stand between an existing container and its rich-text fragment. */
  private xmlDepthOf(type: YType): number {
    let depth = 0;
    for (let t: YType = type; (t instanceof Y.XmlElement || t instanceof Y.XmlText) && t._item; t = t._item.parent as YType) {
      const cached = this.depths.get(t);
      if (cached !== undefined) return depth + cached;
      depth++;
    }
    this.depths.set(type, depth);
    return depth;
  }

  private checkItem({ item, place, known }: FreshItem, inspector: Inspector): GuardVerdict {
    if (place.parent.kind === 'dead') return ALLOWED; // Yjs drops it
    const content = item.content;
    const { node, type, xmlDepth, dead } = this.nodeOfParent(place.parent, inspector);
    if (dead) return ALLOWED; // inside a container that lands in deleted content: dropped with it
    const key = place.key;
    if (content instanceof Y.ContentDeleted && key === null) return ALLOWED;
    if (node === null || !isContainer(node)) return refused(`${describe(place.parent)} is not part of this document`);
    if (!containerFits(node, type)) return refused(`${describe(place.parent)} is not a ${node.kind}`);
    switch (node.kind) {
      case 'map': {
        if (key === null) return refused('a map holds values under keys');
        const field = fieldOf(node, key);
        if (!field) return refused(`unknown key ${JSON.stringify(key.slice(0, 40))}`);
        // Deleted content under a key still replaces (deletes) the value there: the structure is never replaced.
        if (field.fixed) return refused(`${key} is part of the document's structure`);
        if (content instanceof Y.ContentDeleted) return ALLOWED;
        if (node.entries && !(node.fields && Object.hasOwn(node.fields, key)) && type instanceof Y.Map && !type.has(key) && type.size >= node.entries.max) {
          return refused(`at most ${node.entries.max} entries`);
        }
        return contentFits(content, field.schema, known) ? ALLOWED : refused(`${key} does not hold this kind of value`);
      }
      case 'array': {
        if (key !== null) return refused('a list holds values in order');
        if (content instanceof Y.ContentDeleted) return ALLOWED;
        const count = (type instanceof Y.Array ? type.length : 0) + content.getLength() - known;
        if (count > node.max) return refused(`at most ${node.max} items`);
        return contentFits(content, node.of, known) ? ALLOWED : refused('this list does not hold this kind of value');
      }
      case 'text':
        if (content instanceof Y.ContentDeleted) return key === null ? ALLOWED : refused('text holds characters and marks');
        return key === null && textContentFits(content, node.marks) ? ALLOWED : refused('text holds characters and marks');
      case 'xml':
        if (content instanceof Y.ContentDeleted) return ALLOWED;
        if (content instanceof Y.ContentType && xmlDepth + 1 > node.maxDepth) return refused(`rich text nests at most ${node.maxDepth} levels`);
        return xmlContentAllowed(node, type, key, content) ? ALLOWED : refused('rich text holds paragraphs, lists and marked text');
    }
  }

  private checkDelete({ item }: DeletedItem): GuardVerdict {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType) || item.parentSub === null) return ALLOWED;
    const node = this.nodeOfType(parent);
    if (node?.kind !== 'map') return ALLOWED;
    const field = fieldOf(node, item.parentSub);
    return field?.fixed ? refused(`${item.parentSub} is part of the document's structure`) : ALLOWED;
  }
}

/** What the schema says of the container under `key` of a container of kind `parent`. */
function childNode(parent: Node, key: string | null): Node {
  if (parent === null) return null;
  switch (parent.kind) {
    case 'map': {
      if (key === null) return null;
      return fieldOf(parent, key)?.schema ?? null;
    }
    case 'array':
      return key === null ? parent.of : null;
    case 'xml':
      // Elements and texts inside rich text follow its rules; an attribute is never a container.
      return key === null ? parent : null;
    default:
      return null;
  }
}

/**
 * Whether the container an item lands in is of the kind the schema declares there. Elements and texts inside rich
 * text carry the fragment's node. Declared roots are given their kind when a document is loaded (repair.ts).
 */
function containerFits(node: Schema, type: unknown): boolean {
  if (!(type instanceof Y.AbstractType)) return false;
  return typeMatches(type, node) || (node.kind === 'xml' && (type instanceof Y.XmlElement || type instanceof Y.XmlText));
}

function xmlContentAllowed(node: XmlSchema, parent: unknown, key: string | null, content: Y.Item['content']): boolean {
  if (parent instanceof Y.XmlText) return key === null && textContentFits(content, node.marks);
  if (key !== null) {
    // An element's attribute (a node's attrs in the editor binding): a small plain value.
    if (!(parent instanceof Y.XmlElement)) return false;
    if (!(content instanceof Y.ContentAny)) return false;
    if (!parent.getAttribute(key) && Object.keys(parent.getAttributes()).length >= MAX_XML_ATTRIBUTES) return false;
    return content.getContent().every(xmlAttributeAllowed);
  }
  if (!(content instanceof Y.ContentType)) return false;
  return xmlChildAllowed(node, content.type);
}

function describe(parent: Parent): string {
  if (parent.kind === 'root') return `the root ${JSON.stringify(parent.name.slice(0, 40))}`;
  return 'this place';
}
