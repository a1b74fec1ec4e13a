// A duo's journal as its page asks for it: the timeline, its search, and the addresses of its exports.
import type { JournalHit, JournalView } from '$shared/journal';
import type { Locale } from '$shared/codes';
import { api } from './api';

const base = (duoId: string) => `/api/duos/${encodeURIComponent(duoId)}/journal`;

export const journalService = {
  get: (duoId: string) => api.get<JournalView>(base(duoId)),
  search: (duoId: string, q: string) => api.get<JournalHit[]>(`${base(duoId)}/search?q=${encodeURIComponent(q)}`),
  exportUrl: (duoId: string, ext: 'md' | 'pdf', locale: Locale) => `${base(duoId)}.${ext}?locale=${locale}`
};
