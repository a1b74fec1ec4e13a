// Fixtures of the workshop tests: an organisation with a programme, its coordinator, a designated facilitator
// (a mentor), participants with invented names from Brussels, logged-in HTTP clients, Socket.IO clients and raw
// collaboration peers on the workshop's documents.
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/live-events.ts';
import type { WorkshopAck } from '../../src/lib/shared/workshops/events.ts';
import type { WorkshopView } from '../../src/lib/shared/workshops/schemas.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createOrganisation, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import type { TestServer } from '../helpers/server.ts';
import { RawPeer } from '../collab/raw-peer.ts';
import { cookieOf } from '../collab/collab-helpers.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Person {
  user: TestUser & { membershipId?: string };
  id: string;
  name: string;
  http: TestClient;
  cookie: string;
}

export const PARTICIPANT_NAMES = ['Fatima El Amrani', 'Jonas Peeters', 'Amélie Dubois', 'Kwame Mensah', 'Sofie Vandenbroucke', 'Yasmina Haddad', 'Thomas Janssens', 'Inès Lambert'];

export interface WorkshopFixture {
  orgId: string;
  programmeId: string;
  admin: Person;
  coordinator: Person;
  facilitator: Person;
  participants: Person[];
  /** A mentee of the organisation, in the programme, not invited. */
  outsider: Person;
}

async function person(t: TestServer, u: TestUser & { membershipId?: string }): Promise<Person> {
  const http = await loginAs(t.url, u);
  return { user: u, id: u.id, name: u.user.name, http, cookie: cookieOf(http) };
}

export async function workshopFixture(t: TestServer, participants = 4): Promise<WorkshopFixture> {
  const s = t.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  const p = [programme.id];
  const people: Person[] = [];
  for (let i = 0; i < participants; i++) {
    people.push(await person(t, await addMember(s, org.id, i % 2 ? 'mentor' : 'mentee', { name: PARTICIPANT_NAMES[i % PARTICIPANT_NAMES.length], programmeIds: p })));
  }
  return {
    orgId: org.id,
    programmeId: programme.id,
    admin: await person(t, org.admin),
    coordinator: await person(t, await addMember(s, org.id, 'coordinator', { name: 'Nadia Benali' })),
    facilitator: await person(t, await addMember(s, org.id, 'mentor', { name: 'Pieter De Smet', programmeIds: p })),
    participants: people,
    outsider: await person(t, await addMember(s, org.id, 'mentee', { name: 'Lucas Martin', programmeIds: p }))
  };
}

/** A planned workshop made by the coordinator, with the facilitator designated and the participants invited. */
export async function createWorkshop(f: WorkshopFixture, body: Record<string, unknown> = {}): Promise<WorkshopView> {
  const r = await f.coordinator.http.post(`/api/organisations/${f.orgId}/workshops`, {
    title: 'Atelier CV',
    startsAt: '2026-12-10T09:30:00.000Z',
    locale: 'fr',
    templateId: 'cv_strengths',
    programmeId: f.programmeId,
    ...body
  });
  if (r.status !== 201) throw new Error(`workshop not created: ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.id as string;
  await f.coordinator.http.post(`/api/workshops/${id}/facilitators`, { userIds: [f.facilitator.id] });
  const invited = await f.coordinator.http.post(`/api/workshops/${id}/participants`, { userIds: f.participants.map((x) => x.id) });
  if (invited.status !== 200) throw new Error(`participants not invited: ${invited.status} ${JSON.stringify(invited.body)}`);
  return invited.body;
}

export function socketOf(t: TestServer, p: Person, opened: LiveSocket[]): Promise<LiveSocket> {
  const s: LiveSocket = connect(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: p.cookie, origin: t.url } });
  opened.push(s);
  return within(
    new Promise<LiveSocket>((resolve, reject) => {
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    }),
    'socket connection'
  );
}

/** Fails after `ms` instead of hanging: waits for a promise, with a bound. */
export const within = <T>(p: Promise<T>, what: string, ms = 8000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);

/** Emits a command and waits for its ack. */
export function ask<T = undefined>(s: LiveSocket, event: string, payload: unknown): Promise<WorkshopAck<T>> {
  return within(
    new Promise<WorkshopAck<T>>((resolve) => (s.emit as (e: string, p: unknown, ack: (a: WorkshopAck<T>) => void) => void)(event, payload, resolve)),
    `ack of ${event}`
  );
}

export async function expectOk<T>(a: Promise<WorkshopAck<T>>): Promise<T | undefined> {
  const r = await a;
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.message ?? ''}`);
  return r.value;
}

export const openDoc = (t: TestServer, p: Person, name: string) => RawPeer.open(t.url, name, p.cookie);
