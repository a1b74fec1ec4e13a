// Loads what a route acts on and describes it for the policy. Unknown ids are 404 here; ids that exist but are
// out of reach become 404 or 403 in the policy, so both answers look the same from outside.
import { toId } from '../data/models.ts';
import { NotFound } from '../domain/errors.ts';
import type { Resource } from '../domain/policy.ts';
import { duoResource, membershipResource } from '../domain/resources.ts';
import type { Services } from '../domain/services.ts';

export class ResourceLoader {
  constructor(private s: Services) {}

  async organisation(orgId: string) {
    const doc = await this.s.repos.organisations.findById(toId(orgId));
    if (!doc) throw new NotFound('Not found');
    return { doc, resource: { kind: 'organisation', organisationId: String(doc._id) } satisfies Resource };
  }

  async programme(id: string) {
    const doc = await this.s.repos.programmes.findById(toId(id));
    if (!doc) throw new NotFound('Not found');
    return {
      doc,
      resource: { kind: 'programme', organisationId: String(doc.organisationId), programmeId: String(doc._id) } satisfies Resource
    };
  }

  async duo(id: string) {
    const doc = await this.s.repos.duos.findById(toId(id));
    if (!doc) throw new NotFound('Not found');
    return { doc, resource: duoResource(doc) };
  }

  /** A membership addressed under an organisation: one of another organisation is simply not there. */
  async membership(orgId: string, membershipId: string) {
    const doc = await this.s.repos.memberships.findById(toId(membershipId));
    if (!doc || String(doc.organisationId) !== orgId || doc.status !== 'active') throw new NotFound('Not found');
    return { doc, resource: membershipResource(doc, await this.s.members.beyondOrganisation(doc)) };
  }

  async invitation(id: string) {
    const doc = await this.s.repos.invitations.findById(toId(id));
    if (!doc || doc.revokedAt) throw new NotFound('Not found');
    return { doc, resource: { kind: 'invitation', organisationId: String(doc.organisationId), role: doc.role } satisfies Resource };
  }
}
