// The live connection (Socket.IO): the server says when what someone may see has changed (a new duo, a duo
// ended, a role changed); pages that read `session.accessVersion` fetch again. socket.io-client is loaded only
// once someone is logged in, so that public pages stay light on a small data plan.
import type { Socket } from 'socket.io-client';
import { SOCKET_EVENTS } from '$shared/codes';
import type { AccessChangedPayload, ClientToServerEvents, ServerToClientEvents } from '$shared/live-events';
import type { SessionManager } from './session-manager.svelte';
import type { ToastManager } from './toast-manager.svelte';
import { ROUTES } from '$shared/routes';

const ANNOUNCED = new Set(['duo_created', 'duo_ended', 'membership_removed', 'role_changed']);

export class LiveManager {
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  #userId: string | null = null;

  constructor(
    private readonly session: SessionManager,
    private readonly toasts: ToastManager
  ) {}

  /** Call whenever the logged-in user may have changed: connects, reconnects as someone else, or disconnects. */
  async follow(userId: string | null): Promise<void> {
    if (userId === this.#userId) return;
    this.stop();
    this.#userId = userId;
    if (!userId) return;
    const { io } = await import('socket.io-client');
    if (this.#userId !== userId) return; // logged out (or in as someone else) while loading
    // WebSocket only, no long-polling: each connection stays on the node it reached, so several nodes behind a
    // proxy need no sticky sessions (README, deployment).
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: ROUTES.socketIo, withCredentials: true, transports: ['websocket'] });
    socket.on(SOCKET_EVENTS.accessChanged, (payload) => void this.#accessChanged(payload));
    this.#socket = socket;
  }

  stop() {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  async #accessChanged(payload: AccessChangedPayload) {
    if (ANNOUNCED.has(payload.reason)) this.toasts.info(`live.${payload.reason}`);
    if (payload.reason === 'session_revoked') {
      this.session.me = null;
      return;
    }
    await this.session.refresh();
    this.session.accessVersion++;
  }
}
