// The duo's agreement, the mentee's self-assessments and each side's check-ins after a meeting. The duo's own:
// coordinators see none of it here (check-in scores reach them as metadata, without comments, elsewhere).
import type { z } from 'zod';
import { agreementPatch, assessmentBody, checkinBody, meetingParams } from '../../../src/lib/shared/meetings.ts';
import type { DuoDoc } from '../../data/models.ts';
import type { MeetingDoc } from '../../data/meetings-store.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';
import { meetingLoader } from './meetings.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;

export function agreementRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const agreement = s.meetings.agreement;
  const duo = ({ params }: { params: { id: string } }) => load.duo(params.id);
  return [
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/agreement',
      params: idParams,
      policy: { kind: 'resource', action: 'agreement:read', load: duo },
      handle: ({ doc }) => agreement.agreement(doc)
    }),
    route<IdP, None, z.infer<typeof agreementPatch>, DuoDoc>({
      method: 'patch',
      path: '/duos/:id/agreement',
      params: idParams,
      body: agreementPatch,
      policy: { kind: 'resource', action: 'agreement:write', load: duo },
      handle: ({ doc, body, actor }) => agreement.saveAgreement(doc, actor!.userId, body)
    }),
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/assessments',
      params: idParams,
      policy: { kind: 'resource', action: 'agreement:read', load: duo },
      handle: ({ doc }) => agreement.assessments(doc)
    }),
    route<IdP, None, z.infer<typeof assessmentBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/assessments',
      params: idParams,
      body: assessmentBody,
      status: 201,
      policy: { kind: 'resource', action: 'assessment:write', load: duo },
      handle: ({ doc, body }) => agreement.assess(doc, body)
    }),
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/checkins/mine',
      params: idParams,
      policy: { kind: 'resource', action: 'private:read', load: duo },
      handle: ({ doc, actor }) => agreement.ownCheckins(doc, actor!.userId)
    }),
    route<IdP, None, z.infer<typeof checkinBody>, { meeting: MeetingDoc; duo: DuoDoc }>({
      method: 'post',
      path: '/meetings/:id/checkin',
      params: meetingParams,
      body: checkinBody,
      policy: { kind: 'resource', action: 'checkin:write', load: meetingLoader(s) },
      handle: ({ doc, body, actor }) => agreement.checkin(doc.duo, doc.meeting, actor!.userId, body.score, body.comment)
    })
  ];
}
