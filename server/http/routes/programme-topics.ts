// A programme's topics by week: everyone in the programme reads them (programme:read), its coordinators and the
// organisation's admins replace the whole list (programme:update). The meeting notes' agenda opens with the week's topic.
import type { z } from 'zod';
import { programmeTopicsBody } from '../../../src/lib/shared/programme-topics.ts';
import type { ProgrammeDoc } from '../../data/models.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;

export function programmeTopicRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const programme = ({ params }: { params: IdP }) => load.programme(params.id);
  return [
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/topics',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:read', load: programme },
      handle: ({ doc }) => s.meetings.topics.get(doc)
    }),
    route<IdP, None, z.infer<typeof programmeTopicsBody>, ProgrammeDoc>({
      method: 'patch',
      path: '/programmes/:id/topics',
      params: idParams,
      body: programmeTopicsBody,
      policy: { kind: 'resource', action: 'programme:update', load: programme },
      handle: ({ doc, body }) => s.meetings.topics.set(doc, body.topics)
    })
  ];
}
