// Programmes, and the duos, participants and pairing suggestions within one.
import { z } from 'zod';
import { duoBody, programmeBody, programmePatch, suggestionsQuery } from '../../../src/lib/shared/schemas.ts';
import { toId, type ProgrammeDoc } from '../../data/models.ts';
import { programmeView } from '../../domain/views.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, orgParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;

export function programmeRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const programme = ({ params }: { params: IdP }) => load.programme(params.id);
  return [
    route({
      method: 'get',
      path: '/organisations/:orgId/programmes',
      params: orgParams,
      policy: { kind: 'resource', action: 'organisation:list_programmes', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params, actor }) => s.programmes.list(actor!, toId(params.orgId))
    }),
    route({
      method: 'post',
      path: '/organisations/:orgId/programmes',
      params: orgParams,
      body: programmeBody,
      status: 201,
      policy: { kind: 'resource', action: 'programme:create', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params, body }) => s.programmes.create(toId(params.orgId), body)
    }),
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:read', load: programme },
      handle: async ({ doc }) => programmeView(doc)
    }),
    route<IdP, None, z.infer<typeof programmePatch>, ProgrammeDoc>({
      method: 'patch',
      path: '/programmes/:id',
      params: idParams,
      body: programmePatch,
      policy: { kind: 'resource', action: 'programme:update', load: programme },
      handle: async ({ doc, body }) => s.programmes.update(doc, body)
    }),
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/duos',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:list_duos', load: programme },
      handle: async ({ doc }) => s.duos.ofProgramme(doc)
    }),
    // The running duos a coordinator should look at, and why (metadata only: dates, counts, scores).
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/duo-flags',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:list_duos', load: programme },
      handle: async ({ doc }) => s.meetings.flags.flags(await s.repos.duos.byProgramme(doc._id))
    }),
    route<IdP, None, z.infer<typeof duoBody>, ProgrammeDoc>({
      method: 'post',
      path: '/programmes/:id/duos',
      params: idParams,
      body: duoBody,
      status: 201,
      policy: { kind: 'resource', action: 'duo:create', load: programme },
      handle: async ({ doc, body }) => s.duos.create(doc, body.mentorId, body.menteeId)
    }),
    route<IdP, z.infer<typeof suggestionsQuery>, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/suggestions',
      params: idParams,
      query: suggestionsQuery,
      policy: { kind: 'resource', action: 'programme:suggest', load: programme },
      handle: async ({ doc, query }) => s.duos.suggestions(doc, query.menteeId)
    }),
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/participants',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:list_participants', load: programme },
      handle: async ({ doc }) => s.programmes.participants(doc)
    })
  ];
}
