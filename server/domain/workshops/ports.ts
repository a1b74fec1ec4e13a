// What the workshop services need from the parts built after them: the collaboration server (to seed, read and
// write the board and drafts as the server, and to re-judge open connections when the live state changes), and
// the live layer (which listens to the bus). Joined at start-up, like the CV's LiveDocumentsPort.
import { EventEmitter } from 'node:events';
import type * as Y from 'yjs';
import type { Tally } from '../../../src/lib/shared/workshops/model.ts';

export interface WorkshopDocuments {
  /** Reads or changes a document as the server (its changes are broadcast like any other). */
  withDocument<T>(docName: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T>;
  /** Judges again the access of every connection to the workshop's board and drafts (closes or downgrades them). */
  revalidate(workshopId: string): Promise<void>;
}

export class WorkshopDocumentsPort implements WorkshopDocuments {
  private target: WorkshopDocuments | null = null;
  join(target: WorkshopDocuments): void {
    this.target = target;
  }
  private get t(): WorkshopDocuments {
    if (!this.target) throw new Error('workshop documents asked for before the collaboration server was joined');
    return this.target;
  }
  withDocument<T>(docName: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    return this.t.withDocument(docName, fn);
  }
  revalidate(workshopId: string): Promise<void> {
    return this.target ? this.target.revalidate(workshopId) : Promise.resolve();
  }
}

/** What the workshop services tell the live layer; it knows which sockets are in which room. */
export interface WorkshopBusEvents {
  /** The workshop's live state changed: send it to its room. */
  state: [workshopId: string];
  /** One person's own state changed (votes, ready, cards). */
  me: [workshopId: string, userId: string];
  tallies: [workshopId: string, tallies: Tally[]];
  notes: [workshopId: string, text: string];
  alert: [workshopId: string, at: 'one_minute' | 'zero'];
}
export class WorkshopBus extends EventEmitter<WorkshopBusEvents> {}

export const boardDocName = (workshopId: string) => `board:${workshopId}`;
export const draftDocName = (workshopId: string, userId: string) => `draft:${workshopId}:${userId}`;
