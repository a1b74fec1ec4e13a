// Workshops (group sessions) over REST: the organisation's list and creation, a person's lists, joining with the
// room's code, one workshop's details, people and attendance, its join code and QR code. Summary and exports are
// in workshop-exports.ts; the live part is Socket.IO (server/live/workshops.ts).
import type { z } from 'zod';
import {
  attendanceBody,
  facilitatorsBody,
  joinBody,
  participantsBody,
  workshopBody,
  workshopListQuery,
  workshopPatch,
  workshopUserParams
} from '../../../src/lib/shared/workshops/schemas.ts';
import type { OrganisationDoc } from '../../data/models.ts';
import type { WorkshopDoc } from '../../data/workshops.ts';
import { workshopResource } from '../../domain/workshops/resource.ts';
import type { Services } from '../../domain/services.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { idParams, orgParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type OrgP = z.infer<typeof orgParams>;
type None = Record<string, never>;

/** Loads a workshop for the policy (404 when unknown). */
export const loadWorkshop = (s: Services) => async (id: string) => {
  const doc = await s.workshops.load(id);
  return { doc, resource: workshopResource(doc) };
};

export function workshopRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const workshop = loadWorkshop(s);
  const byId = ({ params }: { params: IdP }) => workshop(params.id);
  return [
    route<OrgP, z.infer<typeof workshopListQuery>, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId/workshops',
      params: orgParams,
      query: workshopListQuery,
      policy: { kind: 'resource', action: 'workshop:list', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc, query }) => s.workshops.listForOrganisation(doc._id, query.state)
    }),
    route<OrgP, None, z.infer<typeof workshopBody>, OrganisationDoc>({
      method: 'post',
      path: '/organisations/:orgId/workshops',
      params: orgParams,
      body: workshopBody,
      status: 201,
      policy: { kind: 'resource', action: 'workshop:create', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc, body, actor }) => s.workshops.view(await s.workshops.create(doc._id, body, actor!.userId), actor!)
    }),
    route({
      method: 'get',
      path: '/workshops',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => s.workshops.upcoming(actor!)
    }),
    route({
      method: 'get',
      path: '/workshops/mine',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => s.workshops.mine(actor!)
    }),
    route<None, None, z.infer<typeof joinBody>>({
      method: 'post',
      path: '/workshops/join',
      body: joinBody,
      // The code names the workshop; the service asks the policy (workshop:join) once it is found.
      policy: { kind: 'authenticated' },
      handle: async ({ actor, body, ip }) => s.workshops.view(await s.workshops.joinByCode(actor!, body.code, ip), actor!)
    }),
    route<IdP, None, undefined, WorkshopDoc>({
      method: 'get',
      path: '/workshops/:id',
      params: idParams,
      policy: { kind: 'resource', action: 'workshop:read', load: byId },
      handle: async ({ doc, actor }) => s.workshops.view(doc, actor!)
    }),
    route<IdP, None, z.infer<typeof workshopPatch>, WorkshopDoc>({
      method: 'patch',
      path: '/workshops/:id',
      params: idParams,
      body: workshopPatch,
      policy: { kind: 'resource', action: 'workshop:update', load: byId },
      handle: async ({ doc, body, actor }) => s.workshops.view(await s.workshops.update(doc, body), actor!)
    }),
    route<IdP, None, undefined, WorkshopDoc>({
      method: 'delete',
      path: '/workshops/:id',
      params: idParams,
      policy: { kind: 'resource', action: 'workshop:delete', load: byId },
      handle: async ({ doc }) => s.workshops.remove(doc)
    }),
    route<IdP, None, z.infer<typeof participantsBody>, WorkshopDoc>({
      method: 'post',
      path: '/workshops/:id/participants',
      params: idParams,
      body: participantsBody,
      policy: { kind: 'resource', action: 'workshop:update', load: byId },
      handle: async ({ doc, body, actor }) => s.workshops.view(await s.workshops.addParticipants(doc, body), actor!)
    }),
    route<z.infer<typeof workshopUserParams>, None, undefined, WorkshopDoc>({
      method: 'delete',
      path: '/workshops/:id/participants/:userId',
      params: workshopUserParams,
      policy: { kind: 'resource', action: 'workshop:update', load: ({ params }) => workshop(params.id) },
      handle: async ({ doc, params }) => s.workshops.removeParticipant(doc, params.userId)
    }),
    route<IdP, None, z.infer<typeof facilitatorsBody>, WorkshopDoc>({
      method: 'post',
      path: '/workshops/:id/facilitators',
      params: idParams,
      body: facilitatorsBody,
      policy: { kind: 'resource', action: 'workshop:designate', load: byId },
      handle: async ({ doc, body, actor }) => s.workshops.view(await s.workshops.setFacilitators(doc, body.userIds), actor!)
    }),
    route<IdP, None, z.infer<typeof attendanceBody>, WorkshopDoc>({
      method: 'patch',
      path: '/workshops/:id/attendance',
      params: idParams,
      body: attendanceBody,
      policy: { kind: 'resource', action: 'workshop:update', load: byId },
      handle: async ({ doc, body, actor }) => s.workshops.view(await s.workshops.setAttendance(doc, body.userId, body.present), actor!)
    }),
    route<IdP, None, undefined, WorkshopDoc>({
      method: 'post',
      path: '/workshops/:id/join-code',
      params: idParams,
      policy: { kind: 'resource', action: 'workshop:update', load: byId },
      handle: async ({ doc, actor }) => s.workshops.view(await s.workshops.newJoinCode(doc), actor!)
    }),
    route<IdP, None, undefined, WorkshopDoc>({
      method: 'get',
      path: '/workshops/:id/join-code.svg',
      params: idParams,
      policy: { kind: 'resource', action: 'workshop:update', load: byId },
      handle: async ({ doc }) => new FileAnswer('image/svg+xml', `join-${doc.joinCode}.svg`, await s.workshops.joinQrSvg(doc))
    })
  ];
}
