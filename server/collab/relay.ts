// Several nodes holding the same document: what one node applies (updates from its clients, its own changes,
// its clients' awareness) is published on the document's channel, and every other node holding the document
// applies it and broadcasts it to its own peers. Nothing relayed is stored by the node that receives it: the node
// that received an update from a client stores it (each update is stored once).
//
// A node opening a document already open elsewhere subscribes first, then loads from storage, then applies what
// arrived meanwhile (Yjs updates are idempotent), then says hello with its state vector: every holder answers
// with what the newcomer lacks, and the newcomer publishes what a holder lacks (its seed, a repair). An update
// published before the subscription is in a holder's answer; one published after it arrives on the channel.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** The messaging between nodes (Redis pub/sub in production: server/scale/redis-bus.ts). */
export interface RelayBus {
  /** This node's id, unique among the nodes. */
  readonly nodeId: string;
  /**
   * Resolves once messages published on `channel` from now on reach `onMessage`, with the function that ends
   * this subscription (other subscriptions to the channel stay).
   */
  subscribe(channel: string, onMessage: (data: Uint8Array) => void): Promise<() => Promise<void>>;
  publish(channel: string, data: Uint8Array): void;
}

/** Origin of what another node relayed: broadcast to this node's peers, never stored or relayed again. */
export const RELAY_ORIGIN = Symbol('relay');

const KIND = { update: 0, awareness: 1, hello: 2, answer: 3 } as const;

export interface RelayMessage {
  kind: keyof typeof KIND;
  from: string;
  /** For an answer: the node it answers. */
  to: string;
  /** An update, an awareness update or (hello, and with an answer) a state vector. */
  data: Uint8Array;
  /** For an answer: the answering node's state vector, so the newcomer can send what it lacks. */
  stateVector: Uint8Array;
  /** Client ids and the people they belong to (shared-doc.ts), for updates and answers. */
  owners: [number, string][];
}

export function encodeRelay(m: RelayMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, KIND[m.kind]);
  encoding.writeVarString(e, m.from);
  encoding.writeVarString(e, m.to);
  encoding.writeVarUint8Array(e, m.data);
  encoding.writeVarUint8Array(e, m.stateVector);
  encoding.writeVarUint(e, m.owners.length);
  for (const [client, owner] of m.owners) {
    encoding.writeVarUint(e, client);
    encoding.writeVarString(e, owner);
  }
  return encoding.toUint8Array(e);
}

export function decodeRelay(data: Uint8Array): RelayMessage {
  const d = decoding.createDecoder(data);
  const code = decoding.readVarUint(d);
  const kind = (Object.keys(KIND) as (keyof typeof KIND)[]).find((k) => KIND[k] === code);
  if (!kind) throw new Error(`unknown relay message ${code}`);
  const from = decoding.readVarString(d);
  const to = decoding.readVarString(d);
  const payload = decoding.readVarUint8Array(d);
  const stateVector = decoding.readVarUint8Array(d);
  const owners: [number, string][] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) owners.push([decoding.readVarUint(d), decoding.readVarString(d)]);
  return { kind, from, to, data: payload, stateVector, owners };
}

/** What the relay needs of an open document (shared-doc.ts). */
export interface RelayedDoc {
  readonly doc: Y.Doc;
  /** Every client id binding the document knows. */
  allOwners(): [number, string][];
  /** Applies what another node relayed (not stored, not relayed again). */
  applyRelayed(update: Uint8Array, owners: [number, string][]): void;
  applyRelayedAwareness(update: Uint8Array): void;
  /** The awareness states of this node's own peers, encoded (null when there are none). */
  localAwareness(): Uint8Array | null;
}

const EMPTY = new Uint8Array(0);

/** One document's link to the other nodes: created before the load, attached once the document is built. */
export class DocumentLink {
  private doc: RelayedDoc | null = null;
  private buffered: RelayMessage[] = [];
  private closed = false;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly bus: RelayBus,
    readonly channel: string,
    private readonly onError: (error: unknown) => void,
    private readonly onClose: () => void = () => {}
  ) {}

  /** Subscribes; what arrives before `attach` is kept for it. */
  async open(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(this.channel, (data) => this.receive(data));
  }

  /** The document is built: applies what arrived meanwhile, then asks the holders for what it lacks. */
  attach(doc: RelayedDoc): void {
    this.doc = doc;
    const buffered = this.buffered;
    this.buffered = [];
    for (const m of buffered) this.handle(m);
    this.catchUp();
  }

  /** Asks the other holders again for what this node lacks (after Redis came back: messages may be lost). */
  catchUp(): void {
    if (this.doc) this.send({ kind: 'hello', to: '', data: Y.encodeStateVector(this.doc.doc), stateVector: EMPTY, owners: [] });
  }

  publishUpdate(update: Uint8Array, owners: [number, string][]): void {
    this.send({ kind: 'update', to: '', data: update, stateVector: EMPTY, owners });
  }

  publishAwareness(update: Uint8Array): void {
    this.send({ kind: 'awareness', to: '', data: update, stateVector: EMPTY, owners: [] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.doc = null;
    this.onClose();
    await this.unsubscribe?.();
  }

  private send(m: Omit<RelayMessage, 'from'>): void {
    if (this.closed) return;
    this.bus.publish(this.channel, encodeRelay({ ...m, from: this.bus.nodeId }));
  }

  private receive(data: Uint8Array): void {
    if (this.closed) return;
    try {
      const m = decodeRelay(data);
      if (m.from === this.bus.nodeId) return;
      if (m.kind === 'answer' && m.to !== this.bus.nodeId) return;
      if (!this.doc) this.buffered.push(m);
      else this.handle(m);
    } catch (error) {
      this.onError(error);
    }
  }

  private handle(m: RelayMessage): void {
    const doc = this.doc!;
    switch (m.kind) {
      case 'update':
        doc.applyRelayed(m.data, m.owners);
        return;
      case 'awareness':
        doc.applyRelayedAwareness(m.data);
        return;
      case 'hello': {
        // What the newcomer lacks, with every binding and this node's presence.
        const diff = Y.encodeStateAsUpdate(doc.doc, m.data);
        this.send({ kind: 'answer', to: m.from, data: diff, stateVector: Y.encodeStateVector(doc.doc), owners: doc.allOwners() });
        const presence = doc.localAwareness();
        if (presence) this.publishAwareness(presence);
        return;
      }
      case 'answer': {
        doc.applyRelayed(m.data, m.owners);
        // What the holder lacks (this node's seed or repair): sent to every holder, applied once.
        const missing = Y.encodeStateAsUpdate(doc.doc, m.stateVector);
        if (!isEmpty(missing)) this.publishUpdate(missing, doc.allOwners());
        return;
      }
    }
  }
}

/** An update that carries nothing (no structs, no deletions). */
function isEmpty(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

/** Opens links for documents: one channel per document name. */
export class Relay {
  private readonly links = new Set<DocumentLink>();

  constructor(
    readonly bus: RelayBus,
    private readonly onError: (error: unknown, doc: string) => void
  ) {}

  async open(name: string): Promise<DocumentLink> {
    const link: DocumentLink = new DocumentLink(
      this.bus,
      `collab:doc:${name}`,
      (error) => this.onError(error, name),
      () => this.links.delete(link)
    );
    this.links.add(link);
    await link.open();
    return link;
  }

  /** Every open document asks the other nodes again for what it lacks. */
  catchUp(): void {
    for (const link of this.links) link.catchUp();
  }
}
