// Workshops over REST (paths from $shared/routes, bodies from $shared/workshops/schemas). The live part goes
// through Socket.IO (live-workshop.svelte.ts), the board through /collab.
import { api, isApiError } from '$lib/api';
import { ROUTES, withQuery } from '$shared/routes';
import type {
  MyWorkshopView,
  WorkshopInput,
  WorkshopListItem,
  WorkshopPatch,
  WorkshopSummary,
  WorkshopView
} from '$shared/workshops/schemas';

export type ExportFormat = 'pdf' | 'md' | 'csv';

export const workshopsService = {
  ofOrganisation: (orgId: string) => api.get<WorkshopListItem[]>(ROUTES.organisationWorkshops(orgId)),
  upcoming: () => api.get<WorkshopListItem[]>(ROUTES.workshops),
  mine: () => api.get<MyWorkshopView[]>(ROUTES.myWorkshops),
  create: (orgId: string, body: Partial<WorkshopInput>) => api.post<WorkshopView>(ROUTES.organisationWorkshops(orgId), body),
  get: (id: string) => api.get<WorkshopView>(ROUTES.workshop(id)),
  update: (id: string, patch: WorkshopPatch) => api.patch<WorkshopView>(ROUTES.workshop(id), patch),
  remove: (id: string) => api.del(ROUTES.workshop(id)),
  invite: (id: string, body: { userIds: string[] } | { allOfProgramme: true }) => api.post<WorkshopView>(ROUTES.workshopParticipants(id), body),
  uninvite: (id: string, userId: string) => api.del(ROUTES.workshopParticipant(id, userId)),
  setFacilitators: (id: string, userIds: string[]) => api.post<WorkshopView>(ROUTES.workshopFacilitators(id), { userIds }),
  setAttendance: (id: string, userId: string, present: boolean) => api.patch<WorkshopView>(ROUTES.workshopAttendance(id), { userId, present }),
  newJoinCode: (id: string) => api.post<WorkshopView>(ROUTES.workshopJoinCode(id)),
  join: (code: string) => api.post<WorkshopView>(ROUTES.workshopJoin, { code }),
  summary: (id: string) => api.get<WorkshopSummary>(ROUTES.workshopSummary(id)),
  qrUrl: (id: string, code: string) => withQuery(ROUTES.workshopJoinQr(id), { v: code }),
  exportUrl: (id: string, format: ExportFormat, locale: string) =>
    withQuery(format === 'pdf' ? ROUTES.workshopExportPdf(id) : format === 'md' ? ROUTES.workshopExportMarkdown(id) : ROUTES.workshopExportCsv(id), { locale })
};

/** A workshop, or null when it is not there for this person (unknown, not theirs, a malformed id). */
export async function findWorkshop(id: string): Promise<WorkshopView | null> {
  try {
    return await workshopsService.get(id);
  } catch (error) {
    if (isApiError(error, 'not_found') || isApiError(error, 'forbidden') || isApiError(error, 'invalid')) return null;
    throw error;
  }
}
