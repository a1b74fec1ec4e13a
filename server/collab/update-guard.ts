// Checks a writer's Yjs update before it is applied. The collaboration core knows no document's rules: the app
// picks a guard by document name (`GuardFor`), and the guard decides from the document as it is, the update and
// who sent it. A refused update is not applied at all (Yjs cannot take back half of one), the peer is told with
// a permission-denied message and stays connected: breaking a rule is not a malformed message.
//
// `inspectUpdate` is the part every guard needs: it decodes an update and lists what it would change under one
// root type (a CV's `comments` map, later a board's notes), without applying it. Most updates are typing
// elsewhere; their structs are placed with a few lookups in the document's store and nothing more is done.
import * as Y from 'yjs';
import type { DecodedUpdate } from './protocol';

/** Any shared type (Y.Map, Y.Array, Y.XmlFragment …). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YType = Y.AbstractType<any>;

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

/**
 * An update as bytes, or as Y.decodeUpdate read it: the collaboration server has already decoded it to check
 * it is well formed, and hands that over rather than have it decoded a second time.
 */
export type UpdateInput = Uint8Array | DecodedUpdate;

/** Decides whether `update`, sent by `principal`, may be applied to `doc`. Must not change `doc`. */
export type UpdateGuard = (doc: Y.Doc, update: UpdateInput, principal: { userId: string }) => GuardVerdict;

/** The guard of a document, chosen by its name; null for documents whose writers may change anything. */
export type GuardFor = (docName: string) => UpdateGuard | null;

export interface GuardLog {
  warn(details: object, message: string): void;
}

export const ALLOWED: GuardVerdict = { ok: true };
export const refused = (reason: string): GuardVerdict => ({ ok: false, reason });

/** One container between the root and a changed item. */
export interface Level {
  /** Its key in the map above it; null for an element of an array. */
  key: string | null;
  /** The container as it is in the document now; null when the update itself creates it. */
  type: YType | null;
  /** The item that holds it: names the container across the changes of one update. */
  id: Y.ID;
}

export interface Change {
  /** The containers from the root (not included) down to the changed item's parent. */
  path: Level[];
  /** The item's key in its parent map; null in an array. */
  key: string | null;
  /** What the item holds (a deletion: held): plain values, or one Y type. Empty for content born deleted. */
  values: unknown[];
  id: Y.ID;
}

export type Inspection =
  | { ok: true; inserts: Change[]; deletes: Change[] }
  /** The update cannot be placed: it relies on content the server does not have (Yjs would keep it pending and
   * apply it later, unchecked). A client that kept every update in order never sends one. */
  | { ok: false; reason: string };

type Struct = Y.Item | Y.GC | Y.Skip;
type Parent =
  | { kind: 'root'; name: string }
  | { kind: 'type'; type: YType }
  | { kind: 'new'; item: Y.Item }
  /** Lands in deleted content: Yjs drops it. */
  | { kind: 'dead' }
  | { kind: 'missing' };
interface Place {
  parent: Parent;
  key: string | null;
}
type Found = { kind: 'store'; struct: Y.Item | Y.GC } | { kind: 'new'; struct: Y.Item | Y.GC } | { kind: 'missing' };

const MISSING: Place = { parent: { kind: 'missing' }, key: null };
const DEAD: Place = { parent: { kind: 'dead' }, key: null };
/** Containers nested deeper than this in one update are refused (a guard throws; the update is not applied). */
const MAX_DEPTH = 256;

/** What `update` would insert and delete under the root type `rootName` of `doc`. */
export function inspectUpdate(doc: Y.Doc, update: UpdateInput, rootName: string): Inspection {
  return new Inspector(doc, rootName).run(update);
}

class Inspector {
  private readonly store: Y.Doc['store'];
  private readonly root: YType | undefined;
  /** The structs of the update the document does not have yet, per client, in clock order. */
  private readonly fresh = new Map<number, (Y.Item | Y.GC)[]>();
  private readonly places = new Map<Y.Item, Place>();
  private readonly insideRoot = new Map<YType, boolean>();

  constructor(
    doc: Y.Doc,
    private readonly rootName: string
  ) {
    this.store = doc.store;
    this.root = doc.share.get(rootName);
  }

  run(update: UpdateInput): Inspection {
    const decoded = update instanceof Uint8Array ? Y.decodeUpdate(update) : update;
    const { structs, ds } = decoded as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
    const gap = this.collectFresh(structs);
    if (gap) return { ok: false, reason: gap };
    const inserts: Change[] = [];
    for (const list of this.fresh.values()) {
      for (const struct of list) {
        if (!(struct instanceof Y.Item)) continue;
        const place = this.placeOf(struct);
        if (place.parent.kind === 'missing') return { ok: false, reason: 'depends on content the server does not have' };
        if (!this.within(place.parent)) continue;
        const known = Math.max(0, this.state(struct.id.client) - struct.id.clock);
        inserts.push({ path: this.levels(place.parent), key: place.key, values: struct.content.getContent().slice(known), id: struct.id });
      }
    }
    const deletes: Change[] = [];
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
    return { ok: true, inserts, deletes };
  }

  private state(client: number): number {
    return Y.getState(this.store, client);
  }

  /** Keeps the structs the document lacks; refuses a gap (what follows it would wait, unchecked, in Yjs). */
  private collectFresh(structs: Struct[]): string | null {
    const byClient = new Map<number, Struct[]>();
    for (const s of structs) {
      const list = byClient.get(s.id.client);
      if (list) list.push(s);
      else byClient.set(s.id.client, [s]);
    }
    for (const [client, list] of byClient) {
      list.sort((a, b) => a.id.clock - b.id.clock);
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
  private placeOf(item: Y.Item): Place {
    const chain: Y.Item[] = [];
    let current = item;
    let place: Place;
    for (;;) {
      const known = this.places.get(current);
      if (known) {
        place = known;
        break;
      }
      const state = this.state(current.id.client);
      const parent = current.parent as unknown;
      if (current.id.clock < state) {
        // Partly known: Yjs integrates the rest beside the part it has.
        place = this.besideStored(this.find(Y.createID(current.id.client, state - 1)));
      } else if (typeof parent === 'string') {
        place = { parent: { kind: 'root', name: parent }, key: current.parentSub };
      } else if (parent instanceof Y.ID) {
        place = { parent: this.container(parent), key: current.parentSub };
      } else {
        // No parent info: the item sits in its neighbour's container, under its neighbour's key.
        const neighbour = current.origin ?? current.rightOrigin;
        const found = neighbour ? this.find(neighbour) : ({ kind: 'missing' } as Found);
        if (found.kind === 'new' && found.struct instanceof Y.Item) {
          chain.push(current);
          if (chain.includes(found.struct)) {
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
    return place;
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

  private within(parent: Parent): boolean {
    let p = parent;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (p.kind === 'root') return p.name === this.rootName;
      if (p.kind === 'type') return this.typeWithin(p.type);
      if (p.kind !== 'new') return false;
      p = this.placeOf(p.item).parent;
    }
    throw new Error('nesting too deep');
  }

  private typeWithin(type: YType): boolean {
    if (!this.root) return false;
    const cached = this.insideRoot.get(type);
    if (cached !== undefined) return cached;
    let t: YType = type;
    while (t._item) t = t._item.parent as YType;
    const inside = t === this.root;
    this.insideRoot.set(type, inside);
    return inside;
  }

  /** The containers from the root down to `parent` (included). */
  private levels(parent: Parent): Level[] {
    const levels: Level[] = [];
    let p = parent;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (p.kind === 'type') {
        for (let t: YType = p.type; t._item; t = t._item.parent as YType) {
          levels.push({ key: t._item.parentSub, type: t, id: t._item.id });
        }
        return levels.reverse();
      }
      if (p.kind !== 'new') return levels.reverse();
      const place = this.placeOf(p.item);
      levels.push({ key: place.key, type: null, id: p.item.id });
      p = place.parent;
    }
    throw new Error('nesting too deep');
  }

  /** The live items of the document that the clock range deletes, when they are under the root. */
  private collectDeletes(client: number, clock: number, end: number, out: Change[]): void {
    const structs = this.store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted) continue;
      const parent = item.parent;
      if (!(parent instanceof Y.AbstractType) || !this.typeWithin(parent)) continue;
      const from = Math.max(clock, item.id.clock) - item.id.clock;
      const to = Math.min(end, item.id.clock + item.length) - item.id.clock;
      out.push({
        path: this.levels({ kind: 'type', type: parent }),
        key: item.parentSub,
        values: item.content.getContent().slice(from, to),
        id: Y.createID(client, item.id.clock + from)
      });
    }
  }
}
