// Every API route is declared here with its validation and its policy; a route cannot be registered without a
// policy, and the authorisation-matrix test enumerates `routes` so a new route without a row fails the suite.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { Unauthenticated } from '../domain/errors.ts';
import { decide, type Action, type Actor, type Resource } from '../domain/policy.ts';
import type { SessionInfo } from '../domain/sessions.ts';
import { denied } from './errors.ts';

export type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Input<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/**
 * - public: anyone, logged in or not (the actor is still resolved when a session cookie is present);
 * - authenticated: any logged-in user, acting on their own things only;
 * - resource: the route loads the resource it touches and the policy decides each action on it.
 */
export type PolicySpec<P, Q, B, D> =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | {
      kind: 'resource';
      /** Usually one action; a function when the body decides (e.g. changing a role needs more than a profile). */
      action: Action | ((input: Input<P, Q, B>) => Action[]);
      load: (input: Input<P, Q, B>) => Promise<{ resource: Resource; doc: D }>;
    };

export interface Ctx<P, Q, B, D> extends Input<P, Q, B> {
  req: Request;
  res: Response;
  actor: Actor | null;
  session: SessionInfo | null;
  doc: D;
  ip: string;
}

export interface RouteDef<P, Q, B, D> {
  method: Method;
  path: string;
  policy: PolicySpec<P, Q, B, D>;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer with a body (204 when the handler returns undefined). */
  status?: number;
  handle(ctx: Ctx<P, Q, B, D>): Promise<unknown>;
}

// Stored type-erased: the generics only serve the author of each route.
export type AnyRoute = RouteDef<any, any, any, any>;

/** A download rather than JSON: the registry sends it with its type and a file name. */
export class FileAnswer {
  constructor(
    readonly contentType: string,
    readonly fileName: string,
    readonly body: Buffer | string
  ) {}
}

export const route = <P = Record<string, never>, Q = Record<string, never>, B = undefined, D = undefined>(def: RouteDef<P, Q, B, D>): AnyRoute =>
  def;

export interface Authenticator {
  /** Resolves the session cookie of the request; sets a refreshed cookie when the expiry slid. */
  authenticate(req: Request, res: Response): Promise<{ actor: Actor; session: SessionInfo } | null>;
}

export class RouteRegistry {
  readonly routes: AnyRoute[] = [];

  add(...defs: AnyRoute[]): this {
    for (const def of defs) {
      if (!def.policy) throw new Error(`route ${def.method.toUpperCase()} ${def.path} has no policy`);
      if (this.routes.some((r) => r.method === def.method && r.path === def.path)) {
        throw new Error(`route ${def.method.toUpperCase()} ${def.path} registered twice`);
      }
      this.routes.push(def);
    }
    return this;
  }

  /** "METHOD /path" of every route, as the matrix test names them. */
  keys(): string[] {
    return this.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  }

  mount(router: Router, auth: Authenticator): void {
    for (const def of this.routes) {
      router[def.method](def.path, async (req, res) => {
        const who = await auth.authenticate(req, res);
        if (def.policy.kind !== 'public' && !who) throw new Unauthenticated('Log in first');
        const params = parse(def.params, req.params, 'params');
        const query = def.query ? parse(def.query, req.query, 'query') : {};
        const body = def.body ? parse(def.body, req.body, 'body') : undefined;
        const input = { params, query, body };
        let doc: unknown;
        if (def.policy.kind === 'resource') {
          const loaded = await def.policy.load(input);
          const actions = typeof def.policy.action === 'function' ? def.policy.action(input) : [def.policy.action];
          for (const action of actions) {
            const d = decide(who!.actor, action, loaded.resource);
            if (d !== 'allow') throw denied(d, action);
          }
          doc = loaded.doc;
        }
        const result = await def.handle({
          ...input,
          req,
          res,
          actor: who?.actor ?? null,
          session: who?.session ?? null,
          doc,
          ip: req.ip ?? req.socket.remoteAddress ?? 'unknown'
        });
        if (result === undefined) res.status(204).end();
        else if (result instanceof FileAnswer) {
          res.status(def.status ?? 200);
          res.setHeader('Content-Type', result.contentType);
          // RFC 6266 with RFC 5987 for names with accents; the ASCII fallback keeps old clients happy.
          const ascii = result.fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
          res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`);
          res.setHeader('Cache-Control', 'private, no-store');
          res.send(result.body);
        } else res.status(def.status ?? 200).json(result);
      });
    }
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return {} as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw r.error;
  return r.data;
}
