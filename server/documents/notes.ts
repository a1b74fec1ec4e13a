// A meeting's notes as a shared document: `notes:<meetingId>`. The meeting's duo (mentor and mentee) writes
// while the duo runs and reads afterwards; coordinators and admins never open it (the policy's documentAccess
// for `meeting_notes`, the same rules as the notes' REST routes). Next steps follow their own rules
// (notes-guard.ts); after each stored batch the steps and plain text are projected into MongoDB.
import { upgradeNotes } from '../../src/lib/shared/notes/model.ts';
import type { DocumentType } from '../collab/document-type.ts';
import { s } from '../collab/schema.ts';
import { isObjectIdString, toId } from '../data/models.ts';
import type { MeetingsRepo } from '../data/meetings-store.ts';
import { duoDocumentAccess, type DuoAccessDeps } from './duo-access.ts';
import { notesGuard } from './notes-guard.ts';
import { NOTES_SCHEMA } from './notes-schema.ts';

const NAME = /^notes:([0-9a-f]{24})$/;

/** An hour of notes is a few kilobytes; months of edits with their history stay far below this. */
export const NOTES_MAX_BYTES = 2 * 1024 * 1024;

export interface NotesDocumentDeps extends DuoAccessDeps {
  meetings: Pick<MeetingsRepo, 'findById'>;
  project(docName: string, doc: import('yjs').Doc): Promise<void>;
}

export function notesDocumentType(deps: NotesDocumentDeps, options: { maxBytes?: number } = {}): DocumentType {
  return {
    kind: 'notes',
    match: (name) => NAME.exec(name)?.[1] ?? null,
    access: async (principal, meetingId) => {
      if (!isObjectIdString(meetingId)) return null;
      const meeting = await deps.meetings.findById(toId(meetingId));
      return meeting ? duoDocumentAccess(deps, principal.userId, String(meeting.duoId), 'meeting_notes') : null;
    },
    schema: NOTES_SCHEMA,
    prepare: (doc) => upgradeNotes(doc),
    guard: notesGuard,
    maxBytes: options.maxBytes ?? NOTES_MAX_BYTES,
    awareness: {
      cursor: s.oneOf(s.null(), s.json(1024)),
      section: s.oneOf(s.null(), s.string(64))
    },
    project: (name, doc) => deps.project(name, doc)
  };
}
