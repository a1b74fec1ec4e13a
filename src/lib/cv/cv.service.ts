// The CV's REST side: named versions, restore, exports and import (the live editing goes through /collab).
import type { CvJson } from '$shared/cv';
import type { CvVersionView } from '$shared/schemas';
import { api } from '$lib/api';
import { ROUTES, withQuery } from '$shared/routes';

export const cvService = {
  versions: (duoId: string) => api.get<CvVersionView[]>(ROUTES.cvVersions(duoId)),
  saveVersion: (duoId: string, name: string) => api.post<CvVersionView>(ROUTES.cvVersions(duoId), { name }),
  version: (duoId: string, versionId: string) =>
    api.get<CvVersionView & { cv: CvJson }>(ROUTES.cvVersion(duoId, versionId)),
  restore: (duoId: string, versionId: string) =>
    api.post<CvVersionView>(ROUTES.cvRestore(duoId, versionId)),
  importResume: (duoId: string, resume: string) => api.post<void>(ROUTES.cvImport(duoId), { resume }),
  pdfUrl: (duoId: string, template: string, locale: string) => withQuery(ROUTES.cvExportPdf(duoId), { template, locale }),
  jsonUrl: (duoId: string) => ROUTES.cvExportJson(duoId)
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
