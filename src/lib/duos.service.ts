// Duos seen by their members, and status changes made by coordinators.
import type { DuoStatus } from '$shared/codes';
import type { DuoView } from '$shared/schemas';
import { api } from './api';

export const duosService = {
  mine: () => api.get<DuoView[]>('/api/duos'),
  get: (id: string) => api.get<DuoView>(`/api/duos/${encodeURIComponent(id)}`),
  setStatus: (id: string, status: DuoStatus, endReason?: string) =>
    api.patch<DuoView>(`/api/duos/${encodeURIComponent(id)}`, endReason ? { status, endReason } : { status })
};
