// Access to a duo's shared documents, decided by the policy from the person (as an actor) and the duo.
import { isObjectIdString, toId } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import { documentAccess, type Actor, type DocumentKind } from '../domain/policy.ts';
import type { Access } from '../collab/shared-doc.ts';
import { duoResource } from '../domain/resources.ts';

export interface DuoAccessDeps {
  actor(userId: string): Promise<Actor | null>;
  duos: Pick<Repositories['duos'], 'findById'>;
}

export async function duoDocumentAccess(deps: DuoAccessDeps, userId: string, duoId: string, kind: DocumentKind): Promise<Access | null> {
  if (!isObjectIdString(duoId)) return null;
  const [actor, duo] = await Promise.all([deps.actor(userId), deps.duos.findById(toId(duoId))]);
  if (!actor || !duo) return null;
  const access = documentAccess(actor, { kind, duo: duoResource(duo) });
  return access === 'none' ? null : access;
}
