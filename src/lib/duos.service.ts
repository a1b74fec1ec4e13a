// Duos seen by their members, and status changes made by coordinators.
import type { DuoStatus } from '$shared/codes';
import type { DuoView } from '$shared/schemas';
import type { DuoEndReason } from '$shared/reports/end-reasons';
import { api } from './api';
import { ROUTES } from '$shared/routes';

export const duosService = {
  mine: () => api.get<DuoView[]>(ROUTES.duos),
  get: (id: string) => api.get<DuoView>(ROUTES.duo(id)),
  setStatus: (id: string, status: DuoStatus, endReason?: string, endReasonCode?: DuoEndReason) =>
    api.patch<DuoView>(ROUTES.duo(id), { status, ...(endReason ? { endReason } : {}), ...(endReasonCode ? { endReasonCode } : {}) })
};
