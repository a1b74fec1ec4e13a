// Who may open which collaboration document. The edge says who is asking (an authenticated principal, from the
// upgrade request); the document's declared type (document-type.ts) finds its resource and asks the policy.
// Refusals carry a named close code and never reveal whether the resource exists.
import type { IncomingMessage } from 'node:http';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import type { Principal } from './connection.ts';
import type { DocumentTypes } from './document-type.ts';
import type { AccessRecheck, AuthResult, CollabAuthorizer } from './transport.ts';

/** Who sent an upgrade request: a principal, or the refusal to close with. */
export type Authenticate = (
  request: IncomingMessage
) => Promise<{ ok: true; principal: Principal } | { ok: false; code: number; reason: string }>;

export function documentAuthorizer(authenticate: Authenticate, types: DocumentTypes): { authorize: CollabAuthorizer; recheck: AccessRecheck } {
  const authorize: CollabAuthorizer = async (request, docName): Promise<AuthResult> => {
    const who = await authenticate(request);
    if (!who.ok) return who;
    const resolved = types.resolve(docName);
    if (!resolved) return { ok: false, code: CLOSE_CODES.notFound, reason: 'unknown document' };
    const access = await resolved.type.access(who.principal, resolved.resource);
    if (!access) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'forbidden' };
    return { ok: true, access, principal: who.principal };
  };
  const recheck: AccessRecheck = (principal, docName) => types.access(principal, docName);
  return { authorize, recheck };
}
