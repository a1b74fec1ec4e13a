// A duo's CV outside the live editor: named versions, exports and import. The live editing itself goes through
// the collaboration server (/collab/cv:<duoId>), which applies the same policy (documentAccess).
import type { z } from 'zod';
import { cvExportQuery, cvImportBody, cvVersionBody, cvVersionParams } from '../../../src/lib/shared/schemas.ts';
import type { DuoDoc } from '../../data/models.ts';
import { Invalid } from '../../domain/errors.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type VersionP = z.infer<typeof cvVersionParams>;
type None = Record<string, never>;

/** A file name people recognise: "CV Sofie Vandenbroucke.pdf", or plain "CV.pdf" while the name is empty. */
function download(contentType: string, ext: string, file: { name: string; body: Buffer | string }): FileAnswer {
  const name = file.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').trim();
  return new FileAnswer(contentType, name ? `CV ${name}.${ext}` : `CV.${ext}`, file.body);
}

export function cvRoutes({ load, s: { cv } }: RouteDeps): AnyRoute[] {
  const duo = ({ params }: { params: { id: string } }) => load.duo(params.id);
  return [
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/cv/versions',
      params: idParams,
      policy: { kind: 'resource', action: 'cv:read', load: duo },
      handle: ({ doc }) => cv.listVersions(doc)
    }),
    route<IdP, None, z.infer<typeof cvVersionBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/cv/versions',
      params: idParams,
      body: cvVersionBody,
      status: 201,
      policy: { kind: 'resource', action: 'cv:write', load: duo },
      handle: ({ doc, body, actor }) => cv.saveVersion(doc, actor!.userId, body.name)
    }),
    route<VersionP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/cv/versions/:versionId',
      params: cvVersionParams,
      policy: { kind: 'resource', action: 'cv:read', load: duo },
      handle: ({ doc, params }) => cv.version(doc, params.versionId)
    }),
    route<VersionP, None, undefined, DuoDoc>({
      method: 'post',
      path: '/duos/:id/cv/versions/:versionId/restore',
      params: cvVersionParams,
      policy: { kind: 'resource', action: 'cv:write', load: duo },
      handle: ({ doc, params, actor }) => cv.restore(doc, actor!.userId, params.versionId)
    }),
    route<IdP, z.infer<typeof cvExportQuery>, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/cv/export.pdf',
      params: idParams,
      query: cvExportQuery,
      policy: { kind: 'resource', action: 'cv:read', load: duo },
      handle: async ({ doc, query }) => download('application/pdf', 'pdf', await cv.pdf(doc, query))
    }),
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/cv/export.json',
      params: idParams,
      policy: { kind: 'resource', action: 'cv:read', load: duo },
      handle: async ({ doc }) => download('application/json; charset=utf-8', 'json', await cv.jsonResume(doc))
    }),
    route<IdP, None, z.infer<typeof cvImportBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/cv/import',
      params: idParams,
      body: cvImportBody,
      policy: { kind: 'resource', action: 'cv:write', load: duo },
      handle: async ({ doc, body, actor }) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.resume);
        } catch {
          throw new Invalid('resume: not valid JSON', 'resume');
        }
        await cv.importJsonResume(doc, actor!.userId, parsed);
      }
    })
  ];
}
