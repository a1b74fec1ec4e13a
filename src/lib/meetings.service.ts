// A duo's meetings and the person's calendar feed, as the pages ask for them.
import type {
  AgreementField,
  AgreementView,
  AssessmentMilestone,
  AssessmentView,
  CalendarFeedView,
  CheckinView,
  MeetingInput,
  MeetingMetaView,
  MeetingPlanInput,
  MeetingView,
  NotesSealView,
  PrivateNoteView,
  ReflectionView
} from '$shared/meetings';
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
  agreement: (duoId: string) => api.get<AgreementView>(ROUTES.agreement(duoId)),
  saveAgreement: (duoId: string, patch: Partial<Record<AgreementField, string>>) => api.patch<AgreementView>(ROUTES.agreement(duoId), patch),
  assessments: (duoId: string) => api.get<{ due: Record<AssessmentMilestone, string>; done: AssessmentView[] }>(ROUTES.assessments(duoId)),
  assess: (duoId: string, milestone: AssessmentMilestone, progress: number, comment: string) =>
    api.post<AssessmentView>(ROUTES.assessments(duoId), { milestone, progress, comment }),
  myCheckins: (duoId: string) => api.get<CheckinView[]>(ROUTES.myCheckins(duoId)),
  checkin: (meetingId: string, score: number, comment: string) => api.post<CheckinView>(ROUTES.meetingCheckin(meetingId), { score, comment }),
  feed: () => api.get<CalendarFeedView>(ROUTES.calendarFeed),
  renewFeed: () => api.post<CalendarFeedView>(ROUTES.calendarFeed),
  stopFeed: () => api.del<void>(ROUTES.calendarFeed)
};
