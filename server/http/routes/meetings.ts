// A duo's meetings (schedule, plan, reschedule, cancel, held or missed), each meeting as an .ics, and each
// person's private calendar feed. The feed route is the one way in without a session: calendar apps send no
// cookie, so the token in its address is the whole key (MeetingCalendar).
import type { z } from 'zod';
import {
  calendarTokenParams,
  meetingBody,
  meetingCancelBody,
  meetingDoneBody,
  meetingHeldBody,
  meetingParams,
  meetingPatch,
  meetingPlanBody,
  privateNoteBody,
  reflectionBody
} from '../../../src/lib/shared/meetings.ts';
import type { DuoDoc } from '../../data/models.ts';
import type { MeetingDoc } from '../../data/meetings-store.ts';
import { NotFound } from '../../domain/errors.ts';
import { can } from '../../domain/policy.ts';
import { duoResource } from '../../domain/resources.ts';
import type { Services } from '../../domain/services.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;
interface Held {
  meeting: MeetingDoc;
  duo: DuoDoc;
}

const ICS = 'text/calendar; charset=utf-8';

/** A meeting and its duo, described as the duo for the policy: a meeting is its duo's. */
export function meetingLoader(s: Services) {
  return async ({ params }: { params: { id: string } }) => {
    const meeting = await s.meetings.meetings.find(params.id);
    const duo = meeting ? await s.repos.duos.findById(meeting.duoId) : null;
    if (!meeting || !duo) throw new NotFound('Not found');
    return { doc: { meeting, duo }, resource: duoResource(duo) };
  };
}

export function meetingRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const { meetings, calendar } = s.meetings;
  const duo = ({ params }: { params: { id: string } }) => load.duo(params.id);
  const meeting = meetingLoader(s);
  return [
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/meetings',
      params: idParams,
      policy: { kind: 'resource', action: 'meeting:read', load: duo },
      // Coordinators get the metadata only; the duo's people get the details too.
      handle: ({ doc, actor }) => meetings.list(doc, can(actor!, 'meeting:details', duoResource(doc)))
    }),
    route<IdP, None, z.infer<typeof meetingBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/meetings',
      params: idParams,
      body: meetingBody,
      status: 201,
      policy: { kind: 'resource', action: 'meeting:write', load: duo },
      handle: ({ doc, body, actor }) => meetings.schedule(doc, actor!.userId, body)
    }),
    route<IdP, None, z.infer<typeof meetingPlanBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/meetings/plan',
      params: idParams,
      body: meetingPlanBody,
      status: 201,
      policy: { kind: 'resource', action: 'meeting:write', load: duo },
      handle: ({ doc, body, actor }) => meetings.plan(doc, actor!.userId, body)
    }),
    route<IdP, None, z.infer<typeof meetingPatch>, Held>({
      method: 'patch',
      path: '/meetings/:id',
      params: meetingParams,
      body: meetingPatch,
      policy: { kind: 'resource', action: 'meeting:write', load: meeting },
      handle: ({ doc, body }) => meetings.reschedule(doc.duo, doc.meeting, body)
    }),
    route<IdP, None, z.infer<typeof meetingCancelBody>, Held>({
      method: 'post',
      path: '/meetings/:id/cancel',
      params: meetingParams,
      body: meetingCancelBody,
      policy: { kind: 'resource', action: 'meeting:write', load: meeting },
      handle: ({ doc, body }) => meetings.cancel(doc.duo, doc.meeting, body.reason)
    }),
    route<IdP, None, z.infer<typeof meetingHeldBody>, Held>({
      method: 'post',
      path: '/meetings/:id/held',
      params: meetingParams,
      body: meetingHeldBody,
      policy: { kind: 'resource', action: 'meeting:write', load: meeting },
      handle: ({ doc, body }) => meetings.markHeld(doc.duo, doc.meeting, body.actualMinutes)
    }),
    route<IdP, None, undefined, Held>({
      method: 'post',
      path: '/meetings/:id/missed',
      params: meetingParams,
      policy: { kind: 'resource', action: 'meeting:write', load: meeting },
      handle: ({ doc }) => meetings.markMissed(doc.duo, doc.meeting)
    }),
    route<IdP, None, undefined, Held>({
      method: 'get',
      path: '/meetings/:id/calendar.ics',
      params: meetingParams,
      policy: { kind: 'resource', action: 'meeting:details', load: meeting },
      handle: async ({ doc, actor }) => new FileAnswer(ICS, `binome-${doc.meeting.date}.ics`, await calendar.meetingIcs(doc.duo, doc.meeting, actor!.userId))
    }),
    route<IdP, None, undefined, Held>({
      method: 'post',
      path: '/meetings/:id/notes/open',
      params: meetingParams,
      // The duo's own: coordinators are refused here as at /collab/notes:<meetingId>.
      policy: { kind: 'resource', action: 'notes:read', load: meeting },
      handle: ({ doc }) => s.meetings.notes.open(doc.duo, doc.meeting)
    }),
    route<IdP, None, z.infer<typeof meetingDoneBody>, Held>({
      method: 'post',
      path: '/meetings/:id/done',
      params: meetingParams,
      body: meetingDoneBody,
      policy: { kind: 'resource', action: 'notes:write', load: meeting },
      handle: ({ doc, body, actor }) => s.meetings.notes.markDone(doc.duo, doc.meeting, actor!.userId, body.actualMinutes)
    }),
    route<IdP, None, undefined, Held>({
      method: 'get',
      path: '/meetings/:id/notes/sealed',
      params: meetingParams,
      policy: { kind: 'resource', action: 'notes:read', load: meeting },
      handle: ({ doc }) => s.meetings.notes.sealed(doc.meeting)
    }),
    // The private space: the asker's own note only (no route names another person), and shared reflections.
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/private-note',
      params: idParams,
      policy: { kind: 'resource', action: 'private:read', load: duo },
      handle: ({ doc, actor }) => s.meetings.privateSpace.own(doc, actor!.userId)
    }),
    route<IdP, None, z.infer<typeof privateNoteBody>, DuoDoc>({
      method: 'patch',
      path: '/duos/:id/private-note',
      params: idParams,
      body: privateNoteBody,
      policy: { kind: 'resource', action: 'private:write', load: duo },
      handle: ({ doc, body, actor }) => s.meetings.privateSpace.save(doc, actor!.userId, body.text)
    }),
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/reflections',
      params: idParams,
      policy: { kind: 'resource', action: 'reflection:read', load: duo },
      handle: ({ doc }) => s.meetings.privateSpace.listReflections(doc)
    }),
    route<IdP, None, z.infer<typeof reflectionBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/reflections',
      params: idParams,
      body: reflectionBody,
      status: 201,
      policy: { kind: 'resource', action: 'reflection:write', load: duo },
      handle: ({ doc, body, actor }) => s.meetings.privateSpace.share(doc, actor!.userId, body.text)
    }),
    route({
      method: 'get',
      path: '/me/calendar-feed',
      policy: { kind: 'authenticated' },
      handle: ({ actor }) => calendar.feed(actor!.userId)
    }),
    route({
      method: 'post',
      path: '/me/calendar-feed',
      status: 201,
      policy: { kind: 'authenticated' },
      handle: ({ actor }) => calendar.renewFeed(actor!.userId)
    }),
    route({
      method: 'delete',
      path: '/me/calendar-feed',
      policy: { kind: 'authenticated' },
      handle: ({ actor }) => calendar.revokeFeed(actor!.userId)
    }),
    route<z.infer<typeof calendarTokenParams>>({
      method: 'get',
      path: '/calendar/:token.ics',
      params: calendarTokenParams,
      policy: { kind: 'public' },
      handle: async ({ params }) => new FileAnswer(ICS, 'binome.ics', await calendar.feedIcs(params.token))
    })
  ];
}
