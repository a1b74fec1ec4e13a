// Reads what a writer's update would do to a document, without applying it: which new items it brings, where
// each lands (its container and key, as Yjs will integrate it), and which live items it deletes. The schema check,
// the binding of client ids and each type's own guard all read this one inspection, so an update is decoded
// and placed once. Most updates are typing: one item beside a known one, placed with a few lookups.
import * as Y from 'yjs';
import type { DecodedUpdate } from './protocol';

/** Any shared type (Y.Map, Y.Array, Y.XmlFragment …). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YType = Y.AbstractType<any>;

type Struct = Y.Item | Y.GC | Y.Skip;
export type Parent =
  | { kind: 'root'; name: string }
  | { kind: 'type'; type: YType }
  | { kind: 'new'; item: Y.Item }
  /** Lands in deleted content: Yjs drops it. */
  | { kind: 'dead' }
  | { kind: 'missing' };
export interface Place {
  parent: Parent;
  key: string | null;
}
type Found = { kind: 'store'; struct: Y.Item | Y.GC } | { kind: 'new'; struct: Y.Item | Y.GC } | { kind: 'missing' };

/** A new item of the update and where it lands; `known` of its first units the document already has. */
export interface FreshItem {
  item: Y.Item;
  place: Place;
  known: number;
}
/** A live item of the document (or the part of it from `from` to `to`) that the update deletes. */
export interface DeletedItem {
  item: Y.Item;
  from: number;
  to: number;
}

export type RawInspection =
  | { ok: true; items: FreshItem[]; deletes: DeletedItem[]; clients: number[]; inspector: Inspector }
  /** The update cannot be placed: it relies on content the server does not have (Yjs would keep it pending and
   * apply it later, unchecked). A client that kept every update in order never sends one. */
  | { ok: false; reason: string };

const MISSING: Place = { parent: { kind: 'missing' }, key: null };
const DEAD: Place = { parent: { kind: 'dead' }, key: null };
/** Containers nested deeper than this in one update are refused. */
export const MAX_DEPTH = 256;

export class NestingTooDeep extends Error {
  constructor() {
    super('nesting too deep');
  }
}

/** Decodes (when given bytes) and places an update against `doc`. Never changes `doc`. */
export function inspect(doc: Y.Doc, update: Uint8Array | DecodedUpdate): RawInspection {
  return new Inspector(doc).run(update);
}

export class Inspector {
  private readonly store: Y.Doc['store'];
  /** The structs of the update the document does not have yet, per client, in clock order. */
  private readonly fresh = new Map<number, (Y.Item | Y.GC)[]>();
  private readonly places = new Map<Y.Item, Place>();

  constructor(readonly doc: Y.Doc) {
    this.store = doc.store;
  }

  run(update: Uint8Array | DecodedUpdate): RawInspection {
    const decoded = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
    const { structs, ds } = decoded as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
    const gap = this.collectFresh(structs);
    if (gap) return { ok: false, reason: gap };
    const items: FreshItem[] = [];
    for (const list of this.fresh.values()) {
      for (const struct of list) {
        if (!(struct instanceof Y.Item)) continue;
        const place = this.placeOf(struct);
        if (place.parent.kind === 'missing') return { ok: false, reason: 'depends on content the server does not have' };
        items.push({ item: struct, place, known: Math.max(0, this.state(struct.id.client) - struct.id.clock) });
      }
    }
    const deletes: DeletedItem[] = [];
    for (const [client, ranges] of ds.clients) {
      const state = this.state(client);
      const list = this.fresh.get(client);
      const freshEnd = list && list.length > 0 ? list[list.length - 1].id.clock + list[list.length - 1].length : state;
      for (const { clock, len } of ranges) {
        const end = clock + len;
        // What the update deletes among its own new content was placed with the inserts.
        if (end > Math.max(state, freshEnd)) return { ok: false, reason: 'deletes content the server does not have' };
        if (clock < state) this.collectDeletes(client, clock, Math.min(end, state), deletes);
      }
    }
    return { ok: true, items, deletes, clients: [...this.fresh.keys()], inspector: this };
  }

  private state(client: number): number {
    return Y.getState(this.store, client);
  }

  /**
   * Keeps the structs the document lacks; refuses a gap (what follows it would wait, unchecked, in Yjs) and a
   * client's structs that are not one run in clock order: an update may carry several blocks for one client id,
   * and Yjs applies only the last, so checking the others would check what is never applied.
   */
  private collectFresh(structs: Struct[]): string | null {
    const byClient = new Map<number, Struct[]>();
    for (const s of structs) {
      // Yjs resolves every struct's neighbours before it looks at whether it already has it: a reference ahead of
      // a struct's own clock throws inside Yjs even for a struct the document has.
      if (s instanceof Y.Item && refersAhead(s)) return 'refers to its own client ahead of itself';
      const list = byClient.get(s.id.client);
      if (list) {
        const last = list[list.length - 1];
        if (s.id.clock !== last.id.clock + last.length) return 'structs of one client out of order';
        list.push(s);
      } else byClient.set(s.id.client, [s]);
    }
    for (const [client, list] of byClient) {
      let expected = this.state(client);
      const fresh: (Y.Item | Y.GC)[] = [];
      for (const s of list) {
        if (s instanceof Y.Skip) continue;
        if (s.id.clock > expected) return 'skips content the server does not have';
        if (s.id.clock + s.length <= expected) continue;
        fresh.push(s as Y.Item | Y.GC);
        expected = s.id.clock + s.length;
      }
      if (fresh.length > 0) this.fresh.set(client, fresh);
    }
    return null;
  }

  private find(id: Y.ID): Found {
    if (id.clock < this.state(id.client)) {
      const structs = this.store.clients.get(id.client)!;
      return { kind: 'store', struct: structs[Y.findIndexSS(structs, id.clock)] };
    }
    const list = this.fresh.get(id.client);
    if (list) {
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = list[mid];
        if (id.clock < s.id.clock) hi = mid - 1;
        else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
        else return { kind: 'new', struct: s };
      }
    }
    return { kind: 'missing' };
  }

  /** Where a new item lands: its parent container and its key, as Yjs will integrate it. */
  placeOf(item: Y.Item): Place {
    const chain = new Set<Y.Item>();
    let current = item;
    let place: Place;
    for (;;) {
      const known = this.places.get(current);
      if (known) {
        place = known;
        break;
      }
      if (refersAhead(current)) {
        // Yjs integrates a client's structs in clock order: a reference to a later one of the same client throws.
        place = MISSING;
        break;
      }
      const parent = current.parent as unknown;
      if (typeof parent === 'string') {
        place = { parent: { kind: 'root', name: parent }, key: current.parentSub };
      } else if (parent instanceof Y.ID) {
        place = { parent: this.container(parent), key: current.parentSub };
      } else {
        // No parent info: the item sits in its neighbour's container, under its neighbour's key.
        const neighbour = current.origin ?? current.rightOrigin;
        const found = neighbour ? this.find(neighbour) : ({ kind: 'missing' } as Found);
        if (found.kind === 'new' && found.struct instanceof Y.Item) {
          chain.add(current);
          if (chain.has(found.struct)) {
            place = MISSING;
            break;
          }
          current = found.struct;
          continue;
        }
        place = this.besideStored(found);
      }
      break;
    }
    this.places.set(current, place);
    for (const c of chain) this.places.set(c, place);
    return this.continuing(item, place);
  }

  /**
   * An item whose first units the document already has keeps its own container and key (Yjs reads them from its
   * own parent or origin), but is linked after the document's last unit of its client. Those two must be the
   * same list: otherwise the item would be linked into one container while counted in another, or slip a change
   * of someone else's comment past a check that looked beside the sender's own text.
   */
  private continuing(item: Y.Item, own: Place): Place {
    const state = this.state(item.id.client);
    if (item.id.clock >= state) return own;
    const beside = this.besideStored(this.find(Y.createID(item.id.client, state - 1)));
    if (own.parent.kind === 'dead' || beside.parent.kind === 'dead') return DEAD;
    return samePlace(own, beside) ? own : MISSING;
  }

  private besideStored(found: Found): Place {
    if (found.kind === 'missing') return MISSING;
    if (!(found.struct instanceof Y.Item)) return DEAD; // beside garbage-collected content Yjs drops the item
    const parent = found.struct.parent;
    if (!(parent instanceof Y.AbstractType)) return MISSING;
    if (parent._item?.deleted) return DEAD;
    return { parent: { kind: 'type', type: parent }, key: found.struct.parentSub };
  }

  /** The container held by the item `id` names as a parent. */
  private container(id: Y.ID): Parent {
    const found = this.find(id);
    if (found.kind === 'missing') return { kind: 'missing' };
    const struct = found.struct;
    if (!(struct instanceof Y.Item) || struct.deleted || struct.content instanceof Y.ContentDeleted) return { kind: 'dead' };
    if (!(struct.content instanceof Y.ContentType)) return { kind: 'missing' };
    return found.kind === 'store' ? { kind: 'type', type: struct.content.type } : { kind: 'new', item: struct };
  }

  /** The live items of the document that the clock range deletes. */
  private collectDeletes(client: number, clock: number, end: number, out: DeletedItem[]): void {
    const structs = this.store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted) continue;
      const from = Math.max(clock, item.id.clock) - item.id.clock;
      const to = Math.min(end, item.id.clock + item.length) - item.id.clock;
      out.push({ item, from, to });
    }
  }
}

/** Whether an item names, as a neighbour or parent, a unit of its own client at or after its own clock. */
function refersAhead(item: Y.Item): boolean {
  const { client, clock } = item.id;
  const ahead = (id: Y.ID | null) => id !== null && id.client === client && id.clock >= clock;
  return ahead(item.origin) || ahead(item.rightOrigin) || (item.parent instanceof Y.ID && ahead(item.parent));
}

function samePlace(a: Place, b: Place): boolean {
  if (a.key !== b.key) return false;
  const p = a.parent;
  const q = b.parent;
  if (p.kind === 'type' && q.kind === 'type') return p.type === q.type;
  if (p.kind === 'root' && q.kind === 'root') return p.name === q.name;
  if (p.kind === 'root' && q.kind === 'type') return q.type._item === null && q.type === q.type.doc?.share.get(p.name);
  if (p.kind === 'type' && q.kind === 'root') return samePlace(b, a);
  if (p.kind === 'new' && q.kind === 'new') return p.item === q.item;
  return false;
}

/** The name of a root type of `doc`. */
export function rootName(doc: Y.Doc, type: YType): string | null {
  for (const [name, t] of doc.share) if (t === type) return name;
  return null;
}
