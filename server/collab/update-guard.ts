// Checks a writer's Yjs update before it is applied. The collaboration core knows no document's rules: each
// document type (document-type.ts) may declare a guard, which decides from the document as it is, the update and
// who sent it, after the type's schema has been checked. A refused update is not applied at all (Yjs cannot take back half of one), the peer is told with
// a permission-denied message and stays connected: breaking a rule is not a malformed message.
//
// `inspectUpdate` is the part every guard needs: it lists what an update would change under one root type (a CV's
// `comments` map, later a board's notes), without applying it, from the placement inspect.ts made once.
import * as Y from 'yjs';
import { Inspector, MAX_DEPTH, NestingTooDeep, type Parent, type RawInspection, type YType } from './inspect';
import type { DecodedUpdate } from './protocol';

export type { YType };

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

/**
 * An update as bytes, or as Y.decodeUpdate read it: the collaboration server has already decoded it to check
 * it is well formed, and hands that over rather than have it decoded a second time.
 */
export type UpdateInput = Uint8Array | DecodedUpdate | InspectedUpdate;

/** An update the server has already placed (inspect.ts): each guard reads it rather than place it again. */
export class InspectedUpdate {
  constructor(readonly inspection: RawInspection) {}
}

/**
 * Decides whether `update`, sent by `principal`, may be applied to `doc` (named `docName`: a type whose rules
 * depend on its resource, e.g. a workshop's live state, finds it from the name). Must not change `doc`.
 */
export type UpdateGuard = (doc: Y.Doc, update: UpdateInput, principal: { userId: string }, docName?: string) => GuardVerdict;

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


/** What `update` would insert and delete under the root type `rootName` of `doc`. */
export function inspectUpdate(doc: Y.Doc, update: UpdateInput, rootName: string): Inspection {
  const raw = update instanceof InspectedUpdate ? update.inspection : new Inspector(doc).run(update);
  if (!raw.ok) return raw;
  return new RootView(doc, raw.inspector, rootName).changes(raw);
}

/** The inspection seen from one root: changes under it, with the containers between it and each item. */
class RootView {
  private readonly root: YType | undefined;
  private readonly insideRoot = new Map<YType, boolean>();

  constructor(
    doc: Y.Doc,
    private readonly inspector: Inspector,
    private readonly rootName: string
  ) {
    this.root = doc.share.get(rootName);
  }

  changes(raw: Extract<RawInspection, { ok: true }>): Inspection {
    const inserts: Change[] = [];
    for (const { item, place, known } of raw.items) {
      if (!this.within(place.parent)) continue;
      inserts.push({ path: this.levels(place.parent), key: place.key, values: item.content.getContent().slice(known), id: item.id });
    }
    const deletes: Change[] = [];
    for (const { item, from, to } of raw.deletes) {
      const parent = item.parent;
      if (!(parent instanceof Y.AbstractType) || !this.typeWithin(parent)) continue;
      deletes.push({
        path: this.levels({ kind: 'type', type: parent }),
        key: item.parentSub,
        values: item.content.getContent().slice(from, to),
        id: Y.createID(item.id.client, item.id.clock + from)
      });
    }
    return { ok: true, inserts, deletes };
  }

  private within(parent: Parent): boolean {
    let p = parent;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (p.kind === 'root') return p.name === this.rootName;
      if (p.kind === 'type') return this.typeWithin(p.type);
      if (p.kind !== 'new') return false;
      p = this.inspector.placeOf(p.item).parent;
    }
    throw new NestingTooDeep();
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
      const place = this.inspector.placeOf(p.item);
      levels.push({ key: place.key, type: null, id: p.item.id });
      p = place.parent;
    }
    throw new NestingTooDeep();
  }
}
