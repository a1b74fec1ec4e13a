// The kinds of shared documents this instance serves. A new kind (a workshop's board) is a module beside these,
// declaring its DocumentType, and one line here. A name of no type is refused like an unknown document.
import { DocumentTypes } from '../collab/document-type.ts';
import type { Services } from '../domain/services.ts';
import { boardDocumentType, draftDocumentType, type WorkshopAccessDeps } from './board.ts';
import { cvDocumentType } from './cv.ts';
import { notesDocumentType } from './notes.ts';

export interface DocumentLimits {
  /** Largest CV document in bytes (tests lower it). */
  cvMaxBytes?: number;
}

export function documentTypes(services: Services, limits: DocumentLimits = {}): DocumentTypes {
  const deps = { actor: (userId: string) => services.accounts.actor(userId), duos: services.repos.duos };
  const workshops: WorkshopAccessDeps = {
    actor: deps.actor,
    workshop: (id) => services.workshops.load(id).catch(() => null),
    cache: services.workshopCache,
    now: () => services.clock.now().getTime(),
    noteDrafter: (workshopId, userId) => services.workshops.noteDrafter(workshopId, userId)
  };
  return new DocumentTypes([
    cvDocumentType(deps, { maxBytes: limits.cvMaxBytes }),
    notesDocumentType({ ...deps, meetings: services.meetings.store.meetings, project: (name, doc) => services.meetings.notes.projectByName(name, doc) }),
    boardDocumentType(workshops),
    draftDocumentType(workshops)
  ]);
}

export { cvDocumentType } from './cv.ts';
