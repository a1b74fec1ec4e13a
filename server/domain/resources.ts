// Documents → the resource descriptions the policy judges. One place, so that routes, Socket.IO handlers and the
// collaboration server describe a duo the same way.
import type { DuoDoc } from '../data/models.ts';
import type { DuoResource } from './policy.ts';

export function duoResource(d: DuoDoc): DuoResource {
  return {
    kind: 'duo',
    organisationId: String(d.organisationId),
    programmeId: String(d.programmeId),
    duoId: String(d._id),
    mentorId: String(d.mentorId),
    menteeId: String(d.menteeId),
    status: d.status
  };
}
