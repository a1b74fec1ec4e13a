// Erasing shared documents for good (a duo's CV and meeting notes at the end of the retention period): their whole
// stored history and compacted state. Only names built by the server come here (`cv:<id>`, `notes:<id>`).
import type { Connection } from 'mongoose';

/** The collections MongoCollabPersistence (collab-store.ts) writes: the history of updates, the compacted state.
 * tests/integration/duo-retention.test.ts finds a duo's records there before erasing them, so a rename shows. */
export const COLLAB_COLLECTIONS = { updates: 'collab_updates', states: 'collab_states' } as const;

export class CollabDocumentsEraser {
  constructor(private readonly conn: Connection) {}

  async erase(docNames: string[]): Promise<void> {
    if (docNames.length === 0) return;
    const names = docNames.map(String);
    await this.conn.collection(COLLAB_COLLECTIONS.updates).deleteMany({ doc: { $in: names } });
    await this.conn.collection<{ _id: string }>(COLLAB_COLLECTIONS.states).deleteMany({ _id: { $in: names } });
  }
}
