// A person's duos, and one duo.
import type { z } from 'zod';
import { duoPatch } from '../../../src/lib/shared/schemas.ts';
import type { DuoDoc } from '../../data/models.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, type RouteDeps } from './deps.ts';

type IdP = z.infer<typeof idParams>;
type None = Record<string, never>;

export function duoRoutes({ s, load }: RouteDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/duos',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => s.duos.mine(actor!.userId)
    }),
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id',
      params: idParams,
      policy: { kind: 'resource', action: 'duo:read', load: ({ params }) => load.duo(params.id) },
      handle: async ({ doc }) => (await s.duos.views([doc]))[0]
    }),
    route<IdP, None, z.infer<typeof duoPatch>, DuoDoc>({
      method: 'patch',
      path: '/duos/:id',
      params: idParams,
      body: duoPatch,
      policy: { kind: 'resource', action: 'duo:update', load: ({ params }) => load.duo(params.id) },
      handle: async ({ doc, body }) => s.duos.update(doc, body.status, body.endReason, body.endReasonCode)
    })
  ];
}
