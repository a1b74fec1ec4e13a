// A duo's meetings and the person's calendar feed, as the pages ask for them.
import type { CalendarFeedView, MeetingInput, MeetingMetaView, MeetingPlanInput, MeetingView, NotesSealView, PrivateNoteView, ReflectionView } from '$shared/meetings';
import { api } from './api';
import { ROUTES } from '$shared/routes';

export type MeetingChange = Partial<MeetingInput>;

export const meetingsService = {
  list: (duoId: string) => api.get<MeetingMetaView[]>(ROUTES.duoMeetings(duoId)),
  schedule: (duoId: string, input: MeetingInput) => api.post<MeetingView>(ROUTES.duoMeetings(duoId), input),
  plan: (duoId: string, input: MeetingPlanInput) => api.post<MeetingView[]>(ROUTES.duoMeetingPlan(duoId), input),
  reschedule: (meetingId: string, change: MeetingChange) => api.patch<MeetingView>(ROUTES.meeting(meetingId), change),
  cancel: (meetingId: string, reason: string) => api.post<MeetingView>(ROUTES.meetingCancel(meetingId), { reason }),
  held: (meetingId: string, actualMinutes: number) => api.post<MeetingView>(ROUTES.meetingHeld(meetingId), { actualMinutes }),
  missed: (meetingId: string) => api.post<MeetingView>(ROUTES.meetingMissed(meetingId)),
  openNotes: (meetingId: string) => api.post<{ docName: string; meeting: MeetingView }>(ROUTES.meetingNotesOpen(meetingId)),
  markDone: (meetingId: string, actualMinutes?: number) =>
    api.post<MeetingView>(ROUTES.meetingDone(meetingId), actualMinutes === undefined ? {} : { actualMinutes }),
  sealedNotes: (meetingId: string) => api.get<NotesSealView>(ROUTES.meetingNotesSealed(meetingId)),
  privateNote: (duoId: string) => api.get<PrivateNoteView>(ROUTES.privateNote(duoId)),
  savePrivateNote: (duoId: string, text: string) => api.patch<PrivateNoteView>(ROUTES.privateNote(duoId), { text }),
  reflections: (duoId: string) => api.get<ReflectionView[]>(ROUTES.reflections(duoId)),
  shareReflection: (duoId: string, text: string) => api.post<ReflectionView>(ROUTES.reflections(duoId), { text }),
  feed: () => api.get<CalendarFeedView>(ROUTES.calendarFeed),
  renewFeed: () => api.post<CalendarFeedView>(ROUTES.calendarFeed),
  stopFeed: () => api.del<void>(ROUTES.calendarFeed)
};
