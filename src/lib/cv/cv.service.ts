// The CV's REST side: named versions, restore, exports and import (the live editing goes through /collab).
import type { CvJson } from '$shared/cv';
import type { CvVersionView } from '$shared/schemas';
import { api } from '$lib/api';

const base = (duoId: string) => `/api/duos/${encodeURIComponent(duoId)}/cv`;

export const cvService = {
  versions: (duoId: string) => api.get<CvVersionView[]>(`${base(duoId)}/versions`),
  saveVersion: (duoId: string, name: string) => api.post<CvVersionView>(`${base(duoId)}/versions`, { name }),
  version: (duoId: string, versionId: string) =>
    api.get<CvVersionView & { cv: CvJson }>(`${base(duoId)}/versions/${encodeURIComponent(versionId)}`),
  restore: (duoId: string, versionId: string) =>
    api.post<CvVersionView>(`${base(duoId)}/versions/${encodeURIComponent(versionId)}/restore`),
  importResume: (duoId: string, resume: string) => api.post<void>(`${base(duoId)}/import`, { resume }),
  pdfUrl: (duoId: string, template: string, locale: string) =>
    `${base(duoId)}/export.pdf?template=${encodeURIComponent(template)}&locale=${encodeURIComponent(locale)}`,
  jsonUrl: (duoId: string) => `${base(duoId)}/export.json`
};

/** Starts a download the way a link would (the server names the file). */
export function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
