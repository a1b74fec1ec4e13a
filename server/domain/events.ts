// What the domain tells the live layer: it knows nothing of Socket.IO, the live layer subscribes at start-up.
import { EventEmitter } from 'node:events';
import type { AccessChangedPayload } from '../../src/lib/shared/live-events.ts';

export interface DomainEventMap {
  /** What this user may see changed (membership removed, duo ended...). */
  accessChanged: [userId: string, payload: AccessChangedPayload];
  /** These sessions no longer exist (logout, password change, reset, deletion): close their live connections. */
  sessionsRevoked: [tokenHashes: string[]];
}

export class DomainEvents extends EventEmitter<DomainEventMap> {}
