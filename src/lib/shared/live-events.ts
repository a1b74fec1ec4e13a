// Typed Socket.IO event maps shared by client and server (DESIGN.md, convention 4). Event names come from
// SOCKET_EVENTS in codes.ts; the server is `Server<ClientToServerEvents, ServerToClientEvents>`.
import type { WorkshopClientToServerEvents, WorkshopServerToClientEvents } from './workshops/events';

/** Why the server tells a user that what they may see has changed; the client refetches and may navigate away. */
export type AccessChangedReason = 'membership_removed' | 'role_changed' | 'duo_ended' | 'duo_created' | 'session_revoked' | 'workshop_removed';

export interface AccessChangedPayload {
  reason: AccessChangedReason;
  organisationId?: string;
  duoId?: string;
  workshopId?: string;
}

export interface NotificationPayload {
  /** A code the client translates (like error codes), with optional values. */
  code: string;
  detail?: Record<string, string | number>;
}

/** Answer of acknowledged client commands. */
export type Ack = { ok: true } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' };

export interface ServerToClientEvents extends WorkshopServerToClientEvents {
  'access:changed': (payload: AccessChangedPayload) => void;
  notification: (payload: NotificationPayload) => void;
}

export interface ClientToServerEvents extends WorkshopClientToServerEvents {
  /** Join the live room of a duo (presence and notifications of that duo); refused unless the policy allows reading it. */
  'duo:subscribe': (duoId: string, ack: (answer: Ack) => void) => void;
  'duo:unsubscribe': (duoId: string) => void;
}
