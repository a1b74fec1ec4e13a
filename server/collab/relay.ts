// Several nodes holding the same document: what one node applies (updates from its clients, its own changes,
// its clients' awareness) is published on the document's channel, and every other node holding the document
// applies it and broadcasts it to its own peers. Nothing relayed is stored by the node that receives it: the node
// that received an update from a client stores it (each update is stored once).
//
// A node opening a document already open elsewhere subscribes first, then loads from storage, then applies what
// arrived meanwhile (Yjs updates are idempotent), then says hello with its state vector: every holder answers
// with what the newcomer lacks, and the newcomer publishes what a holder lacks (its seed, a repair). An update
// published before the subscription is in a holder's answer; one published after it arrives on the channel.
//
// A node may die between relaying an update and storing it: its clients reconnect to another node, which already
// has the update (relayed) and so is sent nothing again. So the node that stores an update says so once it is
// durable (a receipt: "stored up to my n-th update"), and a node that received an update without a receipt within
// the grace period stores it itself (stored twice at worst, which Yjs applies once).
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

const KIND = { update: 0, awareness: 1, hello: 2, answer: 3, stored: 4 } as const;

/** How long an update relayed without a receipt waits before the receiving node stores it itself. */
export const RECEIPT_GRACE_MS = 3_000;

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
  /** For an update: its number among this node's updates of the document, 0 when no receipt will follow (the
   * sender had it stored already); for a receipt: every update up to this number is durable. */
  n: number;
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
  encoding.writeVarUint(e, m.n);
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
  return { kind, from, to, data: payload, stateVector, owners, n: decoding.readVarUint(d) };
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
  /** Stores what another node relayed and never said it stored (it died): written like this node's own. */
  storeRelayed(update: Uint8Array, owners: [number, string][]): void;
}

/** An update another node relayed, until its receipt arrives. */
interface Unconfirmed {
  from: string;
  n: number;
  update: Uint8Array;
  owners: [number, string][];
  at: number;
}

const EMPTY = new Uint8Array(0);

/** One document's link to the other nodes: created before the load, attached once the document is built. */
export class DocumentLink {
  private doc: RelayedDoc | null = null;
  private buffered: RelayMessage[] = [];
  private closed = false;
  private unsubscribe: (() => Promise<void>) | null = null;
  /** Updates this node published that will get a receipt. */
  private published = 0;
  private unconfirmed: Unconfirmed[] = [];

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
    if (this.doc) this.send({ kind: 'hello', to: '', data: Y.encodeStateVector(this.doc.doc), stateVector: EMPTY, owners: [], n: 0 });
  }

  /**
   * Publishes an update this node stores; returns its number, for `publishStored` once it is durable. With
   * `stored`, the update is durable already (loaded from storage): no receipt follows.
   */
  publishUpdate(update: Uint8Array, owners: [number, string][], stored = false): number {
    const n = stored ? 0 : ++this.published;
    this.send({ kind: 'update', to: '', data: update, stateVector: EMPTY, owners, n });
    return n;
  }

  /** Every update this node published up to the `n`-th is durable. */
  publishStored(n: number): void {
    this.send({ kind: 'stored', to: '', data: EMPTY, stateVector: EMPTY, owners: [], n });
  }

  publishAwareness(update: Uint8Array): void {
    this.send({ kind: 'awareness', to: '', data: update, stateVector: EMPTY, owners: [], n: 0 });
  }

  /** Stores the relayed updates whose receipt is overdue (their node died before storing them). */
  storeOverdue(now: number, graceMs: number): void {
    if (!this.doc || this.unconfirmed.length === 0) return;
    const overdue = this.unconfirmed.filter((u) => now - u.at >= graceMs);
    if (overdue.length === 0) return;
    this.unconfirmed = this.unconfirmed.filter((u) => now - u.at < graceMs);
    for (const u of overdue) this.doc.storeRelayed(u.update, u.owners);
  }

  /** Stores every relayed update still without receipt (the document is leaving this node). */
  storeUnconfirmed(): void {
    this.storeOverdue(Number.POSITIVE_INFINITY, 0);
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
        if (m.n > 0) this.unconfirmed.push({ from: m.from, n: m.n, update: m.data, owners: m.owners, at: performance.now() });
        return;
      case 'stored':
        this.unconfirmed = this.unconfirmed.filter((u) => u.from !== m.from || u.n > m.n);
        return;
      case 'awareness':
        doc.applyRelayedAwareness(m.data);
        return;
      case 'hello': {
        // What the newcomer lacks, with every binding and this node's presence.
        const diff = Y.encodeStateAsUpdate(doc.doc, m.data);
        this.send({ kind: 'answer', to: m.from, data: diff, stateVector: Y.encodeStateVector(doc.doc), owners: doc.allOwners(), n: 0 });
        const presence = doc.localAwareness();
        if (presence) this.publishAwareness(presence);
        return;
      }
      case 'answer': {
        doc.applyRelayed(m.data, m.owners);
        // What the holder lacks (this node's seed or repair): sent to every holder, applied once; this node stored
        // it or has it in its writer already, so no receipt is awaited.
        const missing = Y.encodeStateAsUpdate(doc.doc, m.stateVector);
        if (!isEmpty(missing)) this.publishUpdate(missing, doc.allOwners(), true);
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
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly bus: RelayBus,
    private readonly onError: (error: unknown, doc: string) => void,
    /** How long a relayed update may wait for its receipt (tests shorten it). */
    private readonly graceMs = RECEIPT_GRACE_MS
  ) {
    this.sweeper = setInterval(() => this.storeOverdue(), Math.max(10, Math.min(1_000, graceMs / 3)));
    this.sweeper.unref();
  }

  private storeOverdue(): void {
    const now = performance.now();
    for (const link of this.links) link.storeOverdue(now, this.graceMs);
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

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
