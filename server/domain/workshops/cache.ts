// The latest known state of each workshop in use, for the checks that must answer at once: the board's update
// guard runs synchronously inside the collaboration server, between two messages. Refreshed by every write of the
// workshop service and by every access check of a live document (both load the workshop), so it is never older
// than the last change made through this process. Lives in the service instance (no module state).
import type { WorkshopDoc } from '../../data/workshops.ts';
import type { WorkshopRole } from '../policy.ts';

interface Entry {
  doc: WorkshopDoc;
  /** People the policy found to be staff of its organisation (its designated facilitators are in the doc). */
  staff: Set<string>;
  /** Names of the people who opened its documents, for the author fields of the cards they write. */
  names: Map<string, string>;
}

export class WorkshopCache {
  private readonly entries = new Map<string, Entry>();

  put(doc: WorkshopDoc): void {
    const id = String(doc._id);
    const entry = this.entries.get(id);
    if (entry) entry.doc = doc;
    else this.entries.set(id, { doc, staff: new Set(), names: new Map() });
  }

  get(workshopId: string): WorkshopDoc | null {
    return this.entries.get(workshopId)?.doc ?? null;
  }

  noteVisitor(workshopId: string, userId: string, name: string, role: WorkshopRole | null): void {
    const entry = this.entries.get(workshopId);
    if (!entry) return;
    entry.names.set(userId, name);
    if (role === 'staff') entry.staff.add(userId);
    else entry.staff.delete(userId);
  }

  /** The role the policy last found for someone who opened a document (null: unknown, ask the policy). */
  roleOf(workshopId: string, userId: string): WorkshopRole | null | undefined {
    const entry = this.entries.get(workshopId);
    if (!entry || !entry.names.has(userId)) return undefined;
    if (entry.staff.has(userId)) return 'staff';
    if (entry.doc.facilitatorIds.some((f) => String(f) === userId)) return 'facilitator';
    if (entry.doc.participants.some((p) => String(p.userId) === userId)) return 'participant';
    return null;
  }

  isLead(workshopId: string, userId: string): boolean {
    const role = this.roleOf(workshopId, userId);
    return role === 'staff' || role === 'facilitator';
  }

  nameOf(workshopId: string, userId: string): string | undefined {
    return this.entries.get(workshopId)?.names.get(userId);
  }

  /** The workshops held (after Redis came back, each is read again: what other nodes said meanwhile is lost). */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  forget(workshopId: string): void {
    this.entries.delete(workshopId);
  }
}
