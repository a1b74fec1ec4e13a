// The CV of a duo as a shared document: `cv:<duoId>`. The duo's mentor and mentee write while the duo is open
// and keep reading it afterwards; the organisation's coordinators and admins follow in read-only (the policy's
// documentAccess, the same rules as the CV's REST routes). Comments follow their own rules (comment-guard.ts).
import { upgradeCv } from '../../src/lib/shared/cv/model.ts';
import type { DocumentType } from '../collab/document-type.ts';
import { s } from '../collab/schema.ts';
import { cvCommentGuard } from '../cv/comment-guard.ts';
import { CV_SCHEMA } from './cv-schema.ts';
import { duoDocumentAccess, type DuoAccessDeps } from './duo-access.ts';

const NAME = /^cv:([0-9a-f]{24})$/;

/**
 * Largest CV document: a long CV with its comments and history is a few hundred kilobytes; the bound keeps one
 * writer from filling the database or every reader's memory.
 */
export const CV_MAX_BYTES = 4 * 1024 * 1024;

export function cvDocumentType(deps: DuoAccessDeps, options: { maxBytes?: number } = {}): DocumentType {
  return {
    kind: 'cv',
    match: (name) => NAME.exec(name)?.[1] ?? null,
    access: (principal, duoId) => duoDocumentAccess(deps, principal.userId, duoId, 'cv'),
    schema: CV_SCHEMA,
    // The server seeds a new CV's structure before anyone sees it (see cv/model.ts on concurrent creation).
    prepare: (doc) => upgradeCv(doc),
    // Who may change which comment is decided here, not by the client.
    guard: cvCommentGuard,
    maxBytes: options.maxBytes ?? CV_MAX_BYTES,
    // The editors' carets (y-tiptap's relative positions) and the section each person is in.
    awareness: {
      cursor: s.oneOf(s.null(), s.json(1024)),
      section: s.oneOf(s.null(), s.string(64))
    }
  };
}
