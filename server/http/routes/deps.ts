import { z } from 'zod';
import { objectId } from '../../../src/lib/shared/schemas.ts';
import type { Services } from '../../domain/services.ts';
import type { ResourceLoader } from '../resources.ts';
import type { CookieAuth } from '../session-cookie.ts';

export interface RouteDeps {
  s: Services;
  load: ResourceLoader;
  auth: CookieAuth;
  /** Whether the database answers now (bounded in time). */
  ping: () => Promise<boolean>;
}

export const idParams = z.strictObject({ id: objectId });
export const orgParams = z.strictObject({ orgId: objectId });
export const memberParams = z.strictObject({ orgId: objectId, membershipId: objectId });
export const tokenParams = z.strictObject({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, 'must be a link token') });
