// One person's live connection to a workshop (Socket.IO): joins the workshop's room (the server records
// attendance and answers the current state, so a late joiner lands on the current activity), keeps the state the
// server broadcasts, the person's own state, the vote tallies once revealed, the facilitators' notes, and the
// offset between this device's clock and the server's (for the timer). Every command is the server's to decide:
// this sends it and returns the server's answer.
import type { Socket } from 'socket.io-client';
import { ROUTES } from '$shared/routes';
import type { LiveState, MyLiveState, Tally } from '$shared/workshops/model';
import type { WorkshopClientToServerEvents, WorkshopServerToClientEvents } from '$shared/workshops/events';
import { clockOffset } from './clock';

type WorkshopSocket = Socket<WorkshopServerToClientEvents, WorkshopClientToServerEvents>;
type Commands = Omit<WorkshopClientToServerEvents, 'workshop:join' | 'workshop:leave'>;
type CommandName = keyof Commands;
type PayloadOf<E extends CommandName> = Parameters<Commands[E]>[0];
/** Omit over each member of a union (the timer's payloads differ by `op`). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type AckOf<E extends CommandName> = Parameters<Parameters<Commands[E]>[1]>[0];

const ACK_TIMEOUT_MS = 10_000;

export class LiveWorkshop {
  state = $state<LiveState | null>(null);
  me = $state<MyLiveState | null>(null);
  tallies = $state<Tally[]>([]);
  notes = $state('');
  /** Server clock minus this device's clock (ms). */
  offset = $state(0);
  connected = $state(false);
  /** The join was refused (not a participant any more, unknown workshop): the page says so. */
  refused = $state<string | null>(null);
  /** The latest timer announcement from the server, with a counter so that the same one twice is seen twice. */
  timerAlert = $state<{ at: 'one_minute' | 'zero'; n: number } | null>(null);
  #socket: WorkshopSocket | null = null;
  #destroyed = false;

  constructor(readonly workshopId: string) {}

  async connect(): Promise<void> {
    const { io } = await import('socket.io-client');
    if (this.#destroyed) return;
    // A connection of its own (not the app's notification socket): it leaves with the page.
    const socket: WorkshopSocket = io({ path: ROUTES.socketIo, withCredentials: true, forceNew: true });
    this.#socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      this.#join();
    });
    socket.on('disconnect', () => (this.connected = false));
    socket.on('workshop:state', (state) => this.#takeState(state));
    socket.on('workshop:me', (me) => (this.me = me));
    socket.on('workshop:tallies', (tallies) => (this.tallies = tallies));
    socket.on('workshop:facilitator_notes', ({ workshopId, text }) => {
      if (workshopId === this.workshopId) this.notes = text;
    });
    socket.on('workshop:timer_alert', ({ workshopId, at }) => {
      if (workshopId === this.workshopId) this.timerAlert = { at, n: (this.timerAlert?.n ?? 0) + 1 };
    });
  }

  #join(): void {
    this.#socket?.emit('workshop:join', this.workshopId, (answer) => {
      if (!answer.ok) {
        this.refused = answer.code;
        return;
      }
      this.refused = null;
      if (answer.value) {
        this.#takeState(answer.value.state);
        this.me = answer.value.me;
      }
    });
  }

  #takeState(state: LiveState): void {
    if (state.workshopId !== this.workshopId) return;
    this.offset = clockOffset(state.serverNow, Date.now());
    // Attendance is recorded when one joins a live workshop: those already waiting in the room when it starts
    // join again (the server records them once; the room is the same).
    const started = this.state?.state === 'planned' && state.state === 'live';
    this.state = state;
    if (started) this.#join();
    if (!state.votes.revealed) this.tallies = [];
  }

  /** Sends a command; resolves with the server's answer (or a refusal when offline or unanswered). */
  send<E extends CommandName>(event: E, payload: OmitEach<PayloadOf<E>, 'workshopId'>): Promise<AckOf<E>> {
    const socket = this.#socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, code: 'conflict', message: 'offline' } as AckOf<E>);
    return new Promise((resolve) => {
      const full = { ...payload, workshopId: this.workshopId };
      // The typed maps cannot follow a generic event name through `timeout()`: the payload type is checked above.
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emit(e: string, p: unknown, cb: (err: Error | null, a: AckOf<E>) => void): void };
      timed.emit(event, full, (err, answer) => resolve(err ? ({ ok: false, code: 'conflict', message: 'timeout' } as AckOf<E>) : answer));
    });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#socket?.emit('workshop:leave', this.workshopId);
    this.#socket?.disconnect();
    this.#socket = null;
  }
}
