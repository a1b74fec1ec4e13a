// Every name that crosses the wire lives here, shared by client and server (DESIGN.md, convention 4).

export const LOCALES = ['fr', 'nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

/** `company_contact`: a partner company's contact, who sees only the participation figures of its volunteers (issue 13). */
export const ROLES = ['admin', 'coordinator', 'mentor', 'mentee', 'company_contact'] as const;
export type Role = (typeof ROLES)[number];

export const PROGRAMME_STATUSES = ['draft', 'active', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const DUO_STATUSES = ['active', 'paused', 'completed', 'ended_early'] as const;
export type DuoStatus = (typeof DUO_STATUSES)[number];

/** Error codes of the one JSON error shape `{ error: { code, message, field? } }`. */
export const ERROR_CODES = {
  invalid: 'invalid', // 400, `field` names the first offending field
  unauthenticated: 'unauthenticated', // 401
  forbidden: 'forbidden', // 403
  notFound: 'not_found', // 404
  conflict: 'conflict', // 409 (e.g. email already used, mentee already in a duo of this programme)
  gone: 'gone', // 410 (expired or used link)
  tooManyRequests: 'too_many_requests', // 429 (login lockout; `retryAfterSeconds` in the body)
  csrf: 'csrf_rejected', // 403 on a cross-origin state-changing request
  unavailable: 'unavailable', // 503
  internal: 'internal' // 500
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string; retryAfterSeconds?: number };
}

/** WebSocket close codes of the /collab endpoint (4000–4999 is the application range). */
export const CLOSE_CODES = {
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  malformedMessage: 4400,
  tooManyMessages: 4429,
  slowConsumer: 4408,
  accessRevoked: 4410,
  /** RFC 6455 "Message Too Big": sent by `ws` itself when a frame exceeds the configured maximum. */
  messageTooLarge: 1009,
  /** RFC 6455 "Internal Error": the document could not be loaded. */
  internalError: 1011,
  /** Handling one of this connection's messages failed on the server; the client may reconnect. */
  messageFailed: 4500,
  /** The document failed on the server and is reloaded from storage; clients reconnect to the reloaded copy. */
  documentReloaded: 4503,
  serverShuttingDown: 1001
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/**
 * Reasons in the y-websocket permission-denied message. `readOnly`: the connection may only read. `refused`: one
 * update broke a document's rule (e.g. deleting someone else's comment); the message reads `refused: <detail>`.
 */
export const DENIED_REASONS = {
  readOnly: 'read-only',
  refused: 'refused',
  /** The document reached its type's size limit: deletions are still taken, nothing new is. */
  tooLarge: 'too-large'
} as const;

/** Socket.IO event names; the typed maps live in live-events.ts. */
export const SOCKET_EVENTS = {
  accessChanged: 'access:changed',
  notification: 'notification'
} as const;

/** Which duo status may follow which (completed and ended early are final). Shown by the client, enforced by the server. */
export const DUO_TRANSITIONS: Record<DuoStatus, readonly DuoStatus[]> = {
  active: ['paused', 'completed', 'ended_early'],
  paused: ['active', 'completed', 'ended_early'],
  completed: [],
  ended_early: []
};
