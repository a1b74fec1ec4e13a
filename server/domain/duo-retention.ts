// The end of the retention period (ERASURE.md, "After a duo ends"): an ended duo's content stays readable and
// exportable by its two people, read-only, for the months its organisation sets; then this job erases it and
// keeps only the anonymous metadata funders' reports need (dates, durations, statuses, scores).
//
// Safe on several nodes and idempotent: each duo is claimed in the database with a lease before it is erased,
// every step deletes or blanks (doing it twice changes nothing), and `erasedAt` is set only once all steps are
// done, so a node that dies midway leaves the lease to expire and the next run finishes the job.
import { cvDocName } from '../../src/lib/shared/cv/model.ts';
import { notesDocName } from '../../src/lib/shared/notes/model.ts';
import { DEFAULT_RETENTION_MONTHS, retentionCutoff, retentionEnd } from '../../src/lib/shared/retention.ts';
import type { CvVersionsRepo } from '../data/cv-versions.ts';
import type { MeetingsStore } from '../data/meetings-store.ts';
import type { DuoDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import { DAY, MINUTE, type Clock } from './clock.ts';
import type { DomainEvents } from './events.ts';

/** A claim older than this is taken to be from a node that died during the erasure. */
export const ERASURE_LEASE_MS = 15 * MINUTE;
/** How long after an erasure its documents are swept again (see `sweep`). */
export const SWEEP_FOR_MS = DAY;

export interface DuoRetentionDeps {
  repos: Repositories;
  store: MeetingsStore;
  cvVersions: CvVersionsRepo;
  events: DomainEvents;
  clock: Clock;
  log: (msg: string, extra?: object) => void;
}

export class DuoRetention {
  constructor(private readonly d: DuoRetentionDeps) {}

  /** Erases every ended duo whose retention period is over; returns how many this run erased. */
  async run(): Promise<number> {
    const now = this.d.clock.now();
    let erased = 0;
    const justErased = new Set<string>();
    for (const org of await this.d.repos.organisations.all()) {
      const months = org.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
      // The query's bound is a little late (month ends clamp); each duo's own end decides exactly.
      const endedBefore = new Date(retentionCutoff(now, months).getTime() + 4 * DAY);
      for (const duo of await this.d.repos.duos.dueForErasure(org._id, endedBefore)) {
        if (!duo.endedAt || retentionEnd(duo.endedAt, months) > now) continue;
        if (!(await this.d.repos.duos.claimErasure(duo._id, now, new Date(now.getTime() - ERASURE_LEASE_MS)))) continue;
        await this.erase(duo);
        await this.d.repos.duos.markErased(duo._id, this.d.clock.now());
        justErased.add(String(duo._id));
        erased++;
        // Open editors and pages of its two people follow at once (the documents close: nothing left to read).
        for (const userId of [duo.mentorId, duo.menteeId]) {
          this.d.events.emit('accessChanged', String(userId), { reason: 'duo_ended', duoId: String(duo._id), organisationId: String(duo.organisationId) });
        }
      }
      await this.sweep(org._id, now, justErased);
    }
    if (erased > 0) this.d.log('retention: ended duos erased', { count: erased });
    return erased;
  }

  /**
   * A node that still held one of an erased duo's documents in memory (a tab left open, another node) may store
   * it once more when it lets it go (its last compaction or unconfirmed updates). For a day after the erasure,
   * each run deletes those documents' records again; deleting what is already gone changes nothing.
   */
  private async sweep(organisationId: DuoDoc['organisationId'], now: Date, justErased: ReadonlySet<string>): Promise<void> {
    for (const duo of await this.d.repos.duos.erasedSince(organisationId, new Date(now.getTime() - SWEEP_FOR_MS))) {
      if (!justErased.has(String(duo._id))) await this.d.store.documents.erase(await this.documentsOf(duo));
    }
  }

  private async documentsOf(duo: DuoDoc): Promise<string[]> {
    const meetings = await this.d.store.meetings.forDuo(duo._id);
    return [cvDocName(String(duo._id)), ...meetings.map((m) => notesDocName(String(m._id)))];
  }

  /** Everything of the duo's content; what stays is listed in ERASURE.md. */
  private async erase(duo: DuoDoc): Promise<void> {
    const { store } = this.d;
    await store.documents.erase(await this.documentsOf(duo));
    await store.notes.deleteForDuo(duo._id);
    await store.seals.deleteForDuo(duo._id);
    await store.privateNotes.deleteForDuo(duo._id);
    await store.reflections.deleteForDuo(duo._id);
    await store.agreement.eraseForDuo(duo._id);
    await store.meetings.anonymiseForDuo(duo._id);
    await this.d.cvVersions.deleteForDuo(duo._id);
  }
}
