// Erasure of an account (ERASURE.md), for what is the person's own around meetings: the calendar address (its
// token would keep a calendar app reading), private notes, the reflections they shared, their check-in comments.
// Meetings, their notes and next steps belong to the duo's shared history and stay (no name is stored in them:
// a step keeps only its author's internal id).
import type { MeetingsStore } from '../data/meetings-store.ts';
import { toId } from '../data/models.ts';

export class MeetingsErasure {
  constructor(private readonly store: MeetingsStore) {}

  async eraseAccount(userId: string): Promise<void> {
    const id = toId(userId);
    await this.store.feeds.deleteForUser(id);
    await this.store.privateNotes.deleteForUser(id);
    await this.store.reflections.deleteByAuthor(id);
    await this.store.agreement.forgetComments(id);
  }
}
