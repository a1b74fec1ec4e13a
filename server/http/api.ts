// The /api router: body parsing with a size limit, the CSRF and operator guards, every registered route, a JSON
// 404 for unknown API paths, and the one error mapper.
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { NotFound, Unavailable } from '../domain/errors.ts';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';
import { errorMiddleware } from './errors.ts';
import { csrfGuard, noOperators } from './guards.ts';
import { RouteRegistry, route } from './registry.ts';
import { ResourceLoader } from './resources.ts';
import { accountRoutes } from './routes/account.ts';
import type { RouteDeps } from './routes/deps.ts';
import { duoRoutes } from './routes/duos.ts';
import { cvRoutes } from './routes/cv.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { meetingRoutes } from './routes/meetings.ts';
import { journalRoutes } from './routes/journal.ts';
import { programmeTopicRoutes } from './routes/programme-topics.ts';
import { agreementRoutes } from './routes/agreement.ts';
import { organisationRoutes } from './routes/organisations.ts';
import { partnerRoutes } from './routes/partners.ts';
import { programmeRoutes } from './routes/programmes.ts';
import { outcomeRoutes } from './routes/outcomes.ts';
import { CookieAuth } from './session-cookie.ts';
import { workshopRoutes } from './routes/workshops.ts';
import { workshopExportRoutes } from './routes/workshop-exports.ts';
import { reportRoutes } from './routes/reports.ts';

export const BODY_LIMIT = '100kb';

export function buildRegistry(deps: RouteDeps): RouteRegistry {
  return new RouteRegistry().add(
    route({
      method: 'get',
      path: '/health',
      policy: { kind: 'public' },
      handle: async () => {
        if (!(await deps.ping())) throw new Unavailable('Database unreachable');
        return { status: 'ok' };
      }
    }),
    ...accountRoutes(deps),
    ...organisationRoutes(deps),
    ...programmeRoutes(deps),
    ...duoRoutes(deps),
    ...cvRoutes(deps),
    ...invitationRoutes(deps),
    ...workshopRoutes(deps),
    ...workshopExportRoutes(deps),
    ...reportRoutes(deps),
    ...meetingRoutes(deps),
    ...agreementRoutes(deps),
    ...journalRoutes(deps),
    ...programmeTopicRoutes(deps),
    ...partnerRoutes(deps),
    ...outcomeRoutes(deps)
  );
}

export function createApi(opts: { services: Services; edge: Edge; https: () => boolean; ping: () => Promise<boolean>; log: Logger }) {
  const { services: s, edge, https, ping, log } = opts;
  const auth = new CookieAuth(edge, https);
  const registry = buildRegistry({ s, load: new ResourceLoader(s), auth, ping });
  const router = Router();
  // Answers are per person and change at once (a membership revoked): no cache, shared or private, keeps them.
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: BODY_LIMIT, strict: true }));
  router.use(csrfGuard(edge));
  router.use(noOperators);
  registry.mount(router, auth);
  router.use((req, _res, next) => next(new NotFound(`No route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use(errorMiddleware(log));
  return { router, registry };
}
