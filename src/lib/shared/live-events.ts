// Typed Socket.IO event maps shared by client and server (DESIGN.md, convention 4). Event names come from
// SOCKET_EVENTS in codes.ts; the server is `Server<ClientToServerEvents, ServerToClientEvents>`.

/** Why the server tells a user that what they may see has changed; the client refetches and may navigate away. */
export type AccessChangedReason = 'membership_removed' | 'role_changed' | 'duo_ended' | 'duo_created' | 'session_revoked';

export interface AccessChangedPayload {
  reason: AccessChangedReason;
  organisationId?: string;
  duoId?: string;
}

export interface NotificationPayload {
  /** A code the client translates (like error codes), with optional values. */
  code: string;
  detail?: Record<string, string | number>;
}

/** Answer of acknowledged client commands. */
export type Ack = { ok: true } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' };

export interface ServerToClientEvents {
  'access:changed': (payload: AccessChangedPayload) => void;
  notification: (payload: NotificationPayload) => void;
}

export interface ClientToServerEvents {
  /** Join the live room of a duo (presence and notifications of that duo); refused unless the policy allows reading it. */
  'duo:subscribe': (duoId: string, ack: (answer: Ack) => void) => void;
  'duo:unsubscribe': (duoId: string) => void;
}
