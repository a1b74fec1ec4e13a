// A workshop's board (`board:<workshopId>`) and each person's private draft (`draft:<workshopId>:<userId>`) as
// shared documents. Who opens them, and whether they write, follows the policy (boardAccess, draftAccess) and the
// workshop's live state: a lock, a timer at zero with "lock at zero", or an activity that does not let
// participants write makes the board read-only for them (the workshop service re-judges open connections when
// that changes). The drafts have no awareness fields: nothing of a draft is told to anyone.
import { isObjectIdString } from '../data/models.ts';
import type { DocumentType } from '../collab/document-type.ts';
import type { Access } from '../collab/principal.ts';
import { refused, ALLOWED } from '../collab/update-guard.ts';
import { s } from '../collab/schema.ts';
import { boardAccess, draftAccess, workshopRole, type Actor } from '../domain/policy.ts';
import { prepareBoard, prepareDraft } from '../domain/workshops/board-ops.ts';
import type { WorkshopCache } from '../domain/workshops/cache.ts';
import { workshopLive, workshopResource } from '../domain/workshops/resource.ts';
import type { WorkshopDoc } from '../data/workshops.ts';
import { boardGuard } from './board-guard.ts';
import { BOARD_MAX_BYTES, BOARD_SCHEMA, DRAFT_MAX_BYTES, DRAFT_SCHEMA } from './board-schema.ts';

const BOARD_NAME = /^board:([0-9a-f]{24})$/;
const DRAFT_NAME = /^draft:([0-9a-f]{24}):([0-9a-f]{24})$/;

export interface WorkshopAccessDeps {
  actor(userId: string): Promise<Actor | null>;
  /** Loads the workshop (and refreshes the cache the guards read); null when unknown. */
  workshop(id: string): Promise<WorkshopDoc | null>;
  cache: WorkshopCache;
  now(): number;
}

async function judge(deps: WorkshopAccessDeps, userId: string, name: string, workshopId: string) {
  if (!isObjectIdString(workshopId)) return null;
  const [actor, w] = await Promise.all([deps.actor(userId), deps.workshop(workshopId)]);
  if (!actor || !w) return null;
  const role = workshopRole(actor, workshopResource(w));
  deps.cache.noteVisitor(workshopId, userId, name, role === 'staff' || role === 'facilitator');
  return { actor, w };
}

const orNull = (a: 'write' | 'read' | 'none'): Access | null => (a === 'none' ? null : a);

export function boardDocumentType(deps: WorkshopAccessDeps): DocumentType {
  return {
    kind: 'board',
    match: (name) => BOARD_NAME.exec(name)?.[1] ?? null,
    access: async (principal, workshopId) => {
      const j = await judge(deps, principal.userId, principal.name, workshopId);
      return j ? orNull(boardAccess(j.actor, workshopResource(j.w), workshopLive(j.w, deps.now()))) : null;
    },
    schema: BOARD_SCHEMA,
    prepare: prepareBoard,
    guard: boardGuard((docName, userId) => {
      const id = BOARD_NAME.exec(docName)?.[1];
      const w = id ? deps.cache.get(id) : null;
      if (!id || !w) return null;
      const lead = deps.cache.isLead(id, userId);
      if (!lead && !w.participants.some((p) => String(p.userId) === userId)) return null;
      const live = workshopLive(w, deps.now());
      if (w.state === 'ended') return null;
      return { lead, activity: lead || !live.locked ? live.activity : null, name: deps.cache.nameOf(id, userId) };
    }),
    maxBytes: BOARD_MAX_BYTES,
    // Presence: the column one is looking at and whether one is typing there.
    awareness: {
      column: s.oneOf(s.null(), s.string(40)),
      typing: s.boolean()
    }
  };
}

export function draftDocumentType(deps: WorkshopAccessDeps): DocumentType {
  return {
    kind: 'draft',
    match: (name) => {
      const m = DRAFT_NAME.exec(name);
      return m ? `${m[1]}:${m[2]}` : null;
    },
    access: async (principal, resource) => {
      const [workshopId, ownerId] = resource.split(':');
      const j = await judge(deps, principal.userId, principal.name, workshopId);
      return j ? orNull(draftAccess(j.actor, workshopResource(j.w), ownerId, workshopLive(j.w, deps.now()))) : null;
    },
    schema: DRAFT_SCHEMA,
    prepare: prepareDraft,
    // Access already follows the activity; this holds between a change of activity and the connections' re-judging.
    guard: (_doc, _update, { userId }, docName) => {
      const m = DRAFT_NAME.exec(docName ?? '');
      const w = m ? deps.cache.get(m[1]) : null;
      if (!m || !w || m[2] !== userId) return refused('not your draft');
      const live = workshopLive(w, deps.now());
      return w.state === 'live' && !live.locked && live.activity === 'private_writing' ? ALLOWED : refused('drafts are written during private writing');
    },
    maxBytes: DRAFT_MAX_BYTES
  };
}
