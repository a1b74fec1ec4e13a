// Programmes (cohorts), their participants, duos and pairing suggestions.
import type { DuoView, MemberView, ProgrammeInput, ProgrammeView, SuggestionView } from '$shared/schemas';
import { api } from './api';

const one = (id: string) => `/api/programmes/${encodeURIComponent(id)}`;

export const programmesService = {
  list: (orgId: string) => api.get<ProgrammeView[]>(`/api/organisations/${encodeURIComponent(orgId)}/programmes`),
  create: (orgId: string, body: ProgrammeInput) =>
    api.post<ProgrammeView>(`/api/organisations/${encodeURIComponent(orgId)}/programmes`, body),
  get: (id: string) => api.get<ProgrammeView>(one(id)),
  update: (id: string, patch: Partial<ProgrammeInput>) => api.patch<ProgrammeView>(one(id), patch),
  participants: (id: string) => api.get<MemberView[]>(`${one(id)}/participants`),
  duos: (id: string) => api.get<DuoView[]>(`${one(id)}/duos`),
  suggestions: (id: string, menteeId: string) =>
    api.get<SuggestionView[]>(`${one(id)}/suggestions?menteeId=${encodeURIComponent(menteeId)}`),
  pair: (id: string, mentorId: string, menteeId: string) => api.post<DuoView>(`${one(id)}/duos`, { mentorId, menteeId })
};
