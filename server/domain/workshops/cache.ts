// The latest known state of each workshop in use, for the checks that must answer at once: the board's update
// guard runs synchronously inside the collaboration server, between two messages. Refreshed by every write of the
// workshop service and by every access check of a live document (both load the workshop), so it is never older
// than the last change made through this process. Lives in the service instance (no module state).
import type { WorkshopDoc } from '../../data/workshops.ts';

interface Entry {
  doc: WorkshopDoc;
  /** People the policy found leading it (staff of its organisation, designated facilitators). */
  leads: Set<string>;
  /** Names of the people who opened its documents, for the author fields of the cards they write. */
  names: Map<string, string>;
}

export class WorkshopCache {
  private readonly entries = new Map<string, Entry>();

  put(doc: WorkshopDoc): void {
    const id = String(doc._id);
    const entry = this.entries.get(id);
    if (entry) entry.doc = doc;
    else this.entries.set(id, { doc, leads: new Set(doc.facilitatorIds.map(String)), names: new Map() });
  }

  get(workshopId: string): WorkshopDoc | null {
    return this.entries.get(workshopId)?.doc ?? null;
  }

  noteVisitor(workshopId: string, userId: string, name: string, lead: boolean): void {
    const entry = this.entries.get(workshopId);
    if (!entry) return;
    entry.names.set(userId, name);
    if (lead) entry.leads.add(userId);
    else entry.leads.delete(userId);
  }

  isLead(workshopId: string, userId: string): boolean {
    return this.entries.get(workshopId)?.leads.has(userId) ?? false;
  }

  nameOf(workshopId: string, userId: string): string | undefined {
    return this.entries.get(workshopId)?.names.get(userId);
  }

  forget(workshopId: string): void {
    this.entries.delete(workshopId);
  }
}
