// The Express app: request logging (pino-http, with a request id and never a cookie or a link token in the
// logs), helmet's headers with our own CSP, compression, the /api router and the SPA build.
import { randomUUID } from 'node:crypto';
import { constants as zlib } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.ts';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';
import { createApi } from '../http/api.ts';
import type { RouteRegistry } from '../http/registry.ts';
import { cspHeader, spaRouter } from '../http/spa.ts';

export interface HttpAppWiring {
  config: Config;
  services: Services;
  edge: Edge;
  /** Whether the public origin is https (HSTS, CSP's upgrade, Secure cookies). */
  https: () => boolean;
  ping: () => Promise<boolean>;
  log: Logger;
  /** Where the SPA build is. */
  buildDir: string;
}

export function createHttpApp({ config, services, edge, https, ping, log, buildDir }: HttpAppWiring): { app: express.Express; registry: RouteRegistry } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api/') },
      // Short lines, and never a cookie or a link token in the logs.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/\/(by-token)\/[^/?]+/, '/$1/…').replace(/\/(calendar)\/[^/?]+/, '/$1/…'),
          ip: req.remoteAddress
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode })
      }
    })
  );
  // CSP is ours (spa.ts computes the hash of the SPA's inline script); helmet sets the other headers.
  app.use(helmet({ contentSecurityPolicy: false, strictTransportSecurity: https() }));
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', cspHeader([], https()));
    next();
  });
  // Brotli at quality 5 rather than the middleware's 4: as fast here, and 5–6 % fewer bytes for a phone's first
  // load (scripts/budget.ts; README, "Data-saving budget").
  app.use(compression({ brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } } }));
  const api = createApi({ services, edge, https, ping, log });
  app.use('/api', api.router);
  app.use(spaRouter(buildDir, https));
  return { app, registry: api.registry };
}
