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
import { boardAccess, boardAccessOf, draftAccess, draftAccessOf, workshopRole, type Actor } from '../domain/policy.ts';
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
  /** Remembers (in MongoDB) that this person opened their draft to write. */
  noteDrafter(workshopId: string, userId: string): Promise<void>;
}

async function judge(deps: WorkshopAccessDeps, userId: string, name: string, workshopId: string) {
  if (!isObjectIdString(workshopId)) return null;
  const [actor, w] = await Promise.all([deps.actor(userId), deps.workshop(workshopId)]);
  if (!actor || !w) return null;
  deps.cache.noteVisitor(workshopId, userId, name, workshopRole(actor, workshopResource(w)));
  return { actor, w };
}

const orNull = (a: 'write' | 'read' | 'none'): Access | null => (a === 'none' ? null : a);

/**
 * Re-judges an open board or draft connection after the live state changed (a lock, another activity, the timer
 * at zero), from the role the policy found when it was opened: no database round trip per connection, so a
 * plenary of 300 follows a change at once. Rights that change (someone removed) come with accessChanged, which
 * asks the policy afresh. Undefined: not known here, ask the policy.
 */
export function liveAccess(cache: WorkshopCache, now: number, principal: { userId: string }, docName: string): Access | null | undefined {
  const board = BOARD_NAME.exec(docName);
  const draft = board ? null : DRAFT_NAME.exec(docName);
  const id = board?.[1] ?? draft?.[1];
  const w = id ? cache.get(id) : null;
  if (!id || !w) return undefined;
  const role = cache.roleOf(id, principal.userId);
  if (role === undefined) return undefined;
  const live = workshopLive(w, now);
  if (board) return orNull(boardAccessOf(role, w.state, live));
  return orNull(draftAccessOf(draft![2] === principal.userId ? role : null, w.state, live));
}

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
      const role = deps.cache.roleOf(id, userId);
      if (!role) return null;
      const lead = role !== 'participant';
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
      const access = j ? orNull(draftAccess(j.actor, workshopResource(j.w), ownerId, workshopLive(j.w, deps.now()))) : null;
      // The reveal copies the drafts of those who wrote one, not of everyone invited.
      if (access === 'write') await deps.noteDrafter(workshopId, ownerId);
      return access;
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
