// A duo's journal for its two people (never its coordinators: `notes:read`): the timeline, its search, and the
// whole of it as Markdown or PDF.
import type { z } from 'zod';
import { journalExportQuery, journalSearchQuery } from '../../../src/lib/shared/journal.ts';
import type { DuoDoc } from '../../data/models.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;
type ExportQ = z.infer<typeof journalExportQuery>;

export function journalRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const duo = ({ params }: { params: IdP }) => load.duo(params.id);
  const policy = { kind: 'resource', action: 'notes:read', load: duo } as const;
  return [
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/journal',
      params: idParams,
      policy,
      handle: ({ doc, actor }) => s.journal.journal(doc, actor!)
    }),
    route<IdP, z.infer<typeof journalSearchQuery>, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/journal/search',
      params: idParams,
      query: journalSearchQuery,
      policy,
      handle: ({ doc, query }) => s.journal.search(doc, query.q)
    }),
    route<IdP, ExportQ, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/journal.md',
      params: idParams,
      query: journalExportQuery,
      policy,
      handle: async ({ doc, actor, query }) => new FileAnswer('text/markdown; charset=utf-8', 'journal.md', await s.journal.markdown(doc, actor!, query.locale))
    }),
    route<IdP, ExportQ, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/journal.pdf',
      params: idParams,
      query: journalExportQuery,
      policy,
      handle: async ({ doc, actor, query }) => new FileAnswer('application/pdf', 'journal.pdf', await s.journal.pdf(doc, actor!, query.locale))
    })
  ];
}
