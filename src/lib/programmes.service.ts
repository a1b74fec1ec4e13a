import type { DuoFlagView } from '$shared/duo-flags';
// Programmes (cohorts), their participants, duos and pairing suggestions.
import type { DuoView, MemberView, ProgrammeInput, ProgrammeView, SuggestionView } from '$shared/schemas';
import { api } from './api';
import { ROUTES, withQuery } from '$shared/routes';


export const programmesService = {
  list: (orgId: string) => api.get<ProgrammeView[]>(ROUTES.organisationProgrammes(orgId)),
  create: (orgId: string, body: ProgrammeInput) =>
    api.post<ProgrammeView>(ROUTES.organisationProgrammes(orgId), body),
  get: (id: string) => api.get<ProgrammeView>(ROUTES.programme(id)),
  update: (id: string, patch: Partial<ProgrammeInput>) => api.patch<ProgrammeView>(ROUTES.programme(id), patch),
  participants: (id: string) => api.get<MemberView[]>(ROUTES.programmeParticipants(id)),
  duos: (id: string) => api.get<DuoView[]>(ROUTES.programmeDuos(id)),
  /** The running duos to look at, and why (metadata only). */
  duoFlags: (id: string) => api.get<DuoFlagView[]>(ROUTES.programmeDuoFlags(id)),
  suggestions: (id: string, menteeId: string) =>
    api.get<SuggestionView[]>(withQuery(ROUTES.programmeSuggestions(id), { menteeId })),
  pair: (id: string, mentorId: string, menteeId: string) => api.post<DuoView>(ROUTES.programmeDuos(id), { mentorId, menteeId })
};
