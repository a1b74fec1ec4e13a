// What a workshop produced: its summary (JSON) and exports (PDF, Markdown, CSV) for its leads at any time and its
// participants once it ended; who wrote an anonymous card, for an admin's moderation only.
import type { z } from 'zod';
import { workshopCardParams, workshopExportQuery, type CardAuthorView } from '../../../src/lib/shared/workshops/schemas.ts';
import { toId } from '../../data/models.ts';
import type { WorkshopDoc } from '../../data/workshops.ts';
import { NotFound } from '../../domain/errors.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';
import { loadWorkshop } from './workshops.ts';

type IdP = z.infer<typeof idParams>;
type ExportQ = z.infer<typeof workshopExportQuery>;
type None = Record<string, never>;

const fileName = (w: WorkshopDoc, ext: string) => `${w.title.replace(/[\\/:*?"<>|]/g, ' ').trim() || 'workshop'}.${ext}`;

export function workshopExportRoutes({ s }: RouteDeps): AnyRoute[] {
  const workshop = loadWorkshop(s);
  const byId = ({ params }: { params: IdP }) => workshop(params.id);
  const exportRoute = (ext: 'pdf' | 'md' | 'csv', contentType: string, render: (w: WorkshopDoc, locale: ExportQ['locale'] & string) => Promise<Buffer | string>) =>
    route<IdP, ExportQ, undefined, WorkshopDoc>({
      method: 'get',
      path: `/workshops/:id/export.${ext}`,
      params: idParams,
      query: workshopExportQuery,
      policy: { kind: 'resource', action: 'workshop:summary', load: byId },
      handle: async ({ doc, query }) => new FileAnswer(contentType, fileName(doc, ext), await render(doc, query.locale ?? doc.locale))
    });
  return [
    route<IdP, None, undefined, WorkshopDoc>({
      method: 'get',
      path: '/workshops/:id/summary',
      params: idParams,
      policy: { kind: 'resource', action: 'workshop:summary', load: byId },
      handle: async ({ doc }) => s.workshopSummaries.summary(doc)
    }),
    exportRoute('pdf', 'application/pdf', (w, l) => s.workshopSummaries.pdf(w, l)),
    exportRoute('md', 'text/markdown; charset=utf-8', (w, l) => s.workshopSummaries.markdown(w, l)),
    exportRoute('csv', 'text/csv; charset=utf-8', (w, l) => s.workshopSummaries.csv(w, l)),
    route<z.infer<typeof workshopCardParams>, None, undefined, WorkshopDoc>({
      method: 'get',
      path: '/workshops/:id/cards/:cardId/author',
      params: workshopCardParams,
      policy: { kind: 'resource', action: 'workshop:moderate', load: ({ params }) => workshop(params.id) },
      handle: async ({ doc, params }): Promise<CardAuthorView> => {
        const link = await s.workshopsRepo.cardAuthor(doc._id, params.cardId);
        if (!link) throw new NotFound('No such card');
        const user = await s.repos.users.findById(toId(link.authorId));
        return { cardId: params.cardId, authorId: String(link.authorId), authorName: user?.name ?? '' };
      }
    })
  ];
}
