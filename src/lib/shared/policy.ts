// The one authorisation module (issue 3, §7): every route, every Socket.IO handler and the collaboration server
// ask it, and the client asks the same functions what to offer (issue 9, C; the server still has the last word). Pure: it decides from the actor (user + active memberships) and a resource description that
// the caller loaded. It answers 'not_found' rather than 'forbidden' wherever the existence of the thing is
// itself private: anything in another organisation, another person's duo, a programme one is not part of.
import type { DuoStatus, Role } from './codes';
import { isOpenDuo, isParticipant } from './duos';
import type { ActivityKind, WorkshopState } from './workshops/model';

export interface ActorMembership {
  membershipId: string;
  organisationId: string;
  role: Role;
  programmeIds: string[];
  /** A mentor's partner company, or a company contact's (issue 13). */
  companyId?: string | null;
}
export interface Actor {
  userId: string;
  isInstanceAdmin: boolean;
  /** The umbrella role of a federation: anonymised cross-organisation statistics, nothing individual (issue 13). */
  isUmbrellaViewer?: boolean;
  memberships: ActorMembership[];
}

export interface DuoResource {
  kind: 'duo';
  organisationId: string;
  programmeId: string;
  duoId: string;
  mentorId: string;
  menteeId: string;
  status: DuoStatus;
  /** The duo's content was erased at the end of the organisation's retention period: only metadata is left. */
  erased?: boolean;
}
/** A workshop (group session) as the policy sees it; ids are user ids. */
export interface WorkshopResource {
  kind: 'workshop';
  organisationId: string;
  programmeId: string | null;
  workshopId: string;
  facilitatorIds: string[];
  participantIds: string[];
  state: WorkshopState;
}
export type Resource =
  | { kind: 'instance' }
  | WorkshopResource
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'programme'; organisationId: string; programmeId: string }
  | DuoResource
  | {
      kind: 'membership';
      organisationId: string;
      membershipId: string;
      userId: string;
      role: Role;
      /** The person also belongs to another organisation, or administers the instance: nobody here may take over the account. */
      beyondOrganisation: boolean;
    }
  | { kind: 'invitation'; organisationId: string; role: Role }
  | { kind: 'company'; organisationId: string; companyId: string };

/** Each action with the kind of resource it applies to. */
export const ACTIONS = {
  'organisation:create': 'instance',
  'organisation:read': 'organisation',
  'organisation:list_members': 'organisation',
  'organisation:list_programmes': 'organisation',
  'organisation:list_invitations': 'organisation',
  /** The organisation's settings (how long an ended duo's content is kept): its admins only. */
  'organisation:update_settings': 'organisation',
  'programme:create': 'organisation',
  'programme:read': 'programme',
  'programme:update': 'programme',
  'programme:list_duos': 'programme',
  'programme:list_participants': 'programme',
  'programme:suggest': 'programme',
  'duo:create': 'programme',
  'duo:read': 'duo',
  'duo:update': 'duo',
  /** The duo's CV and its named versions and exports. */
  'cv:read': 'duo',
  /** Change the CV's content: save or restore a version, import. */
  'cv:write': 'duo',
  /** A duo's meetings as metadata (when, how long, held or missed): the duo and its coordinators. */
  'meeting:read': 'duo',
  /** What only the duo knows of its meetings: where, the video link, why one was cancelled, the .ics. */
  'meeting:details': 'duo',
  /** Schedule, plan, reschedule, cancel, mark held or missed: the duo's two people while it runs. */
  'meeting:write': 'duo',
  /** A meeting's notes and next steps (live document and projections): the duo's two people, never coordinators. */
  'notes:read': 'duo',
  /** Write them: the duo's two people while it runs. */
  'notes:write': 'duo',
  /** One's own private notes on a duo: only ever one's own record, never anyone else's (not even a coordinator's). */
  'private:read': 'duo',
  'private:write': 'duo',
  /** Reflections the mentee shares with the mentor: both read them, the mentee writes them while the duo runs. */
  'reflection:read': 'duo',
  'reflection:write': 'duo',
  /** The first meeting's agreement and the self-assessments against its goals: the duo's own. */
  'agreement:read': 'duo',
  /** Write one's own part of the agreement (the mentee's goals, each side's expectations, contact). */
  'agreement:write': 'duo',
  /** The mentee's self-assessment at three and six months. */
  'assessment:write': 'duo',
  /** The one-tap check-in after a meeting (a score and an optional comment), from each side. */
  'checkin:write': 'duo',
  /** What became of the duo's mentee (issue 13): its coordinators read and record it, never the duo's people. */
  'outcome:read': 'duo',
  'outcome:write': 'duo',
  /** The programme's outcome moments due ("to record"): coordinators and admins. */
  'programme:outcomes': 'programme',
  /** Which reporting fields the organisation collects (and its own lists): coordinators and admins. */
  'reporting:configure': 'organisation',
  /** A mentee's answers to the reporting fields: the mentee, and the organisation's coordinators for a mentee who asks. */
  'reporting:read_answers': 'membership',
  'reporting:write_answers': 'membership',
  'member:update_role': 'membership',
  'member:update_profile': 'membership',
  'member:remove': 'membership',
  'member:reset_link': 'membership',
  'invitation:create': 'invitation',
  'invitation:revoke': 'invitation',
  /** Workshops (group sessions): create one in the organisation, list all of them. */
  'workshop:create': 'organisation',
  'workshop:list': 'organisation',
  'workshop:read': 'workshop',
  /** Details, run-sheet, participants, attendance, join code. */
  'workshop:update': 'workshop',
  'workshop:delete': 'workshop',
  /** Choose the facilitators (coordinators designate mentors). */
  'workshop:designate': 'workshop',
  /** The live controls: start, activities, timer, lock, spotlight, reveal, facilitator notes, end. */
  'workshop:facilitate': 'workshop',
  /** Take part: ready, votes, reveal or edit one's own cards. */
  'workshop:participate': 'workshop',
  /** Join with the room's code or QR code. */
  'workshop:join': 'workshop',
  'workshop:summary': 'workshop',
  /** See who wrote an anonymous card (moderation). */
  'workshop:moderate': 'workshop',
  /** Partner companies (issue 13): list, create, rename and remove an organisation's companies. */
  'company:manage': 'organisation',
  /** The participation figures of a company's volunteers: the organisation's staff, and that company's contact. */
  'company:figures': 'company',
  /** Attach a mentor or a company contact to a partner company. */
  'member:set_company': 'membership',
  /** The umbrella view: anonymised cross-organisation statistics (no individual data anywhere). */
  'umbrella:read': 'instance',
  /** Give or take the umbrella role: the instance admin. */
  'umbrella:grant': 'instance',
  /** The programme dashboard's figures (issue 13): the organisation's admins and coordinators. */
  'report:read': 'organisation',
  /** The funder's report (PDF) and the anonymised per-duo rows (CSV, XLSX). */
  'report:export': 'organisation'
} as const satisfies Record<string, Resource['kind']>;
export type Action = keyof typeof ACTIONS;

export type Decision = 'allow' | 'forbidden' | 'not_found';

const STAFF: readonly Role[] = ['admin', 'coordinator'];
/** Actions on a duo that only its mentor and mentee may take, never its coordinators or admins. */
const DUO_ONLY: ReadonlySet<Action> = new Set<Action>(['meeting:details', 'notes:read', 'private:read', 'reflection:read', 'agreement:read']);
const isStaff = (m: ActorMembership) => STAFF.includes(m.role);
/** What the retention job erases of a duo (ERASURE.md): once erased, there is nothing left to read. */
const DUO_CONTENT: ReadonlySet<Action> = new Set<Action>([...DUO_ONLY, 'cv:read']);

export function membershipIn(actor: Actor, organisationId: string): ActorMembership | undefined {
  return actor.memberships.find((m) => m.organisationId === organisationId);
}

export function decide(actor: Actor, action: Action, resource: Resource): Decision {
  if (ACTIONS[action] !== resource.kind) throw new Error(`policy: ${action} does not apply to a ${resource.kind}`);
  if (resource.kind === 'instance') {
    if (action === 'umbrella:read') return actor.isInstanceAdmin || actor.isUmbrellaViewer === true ? 'allow' : 'forbidden';
    return actor.isInstanceAdmin ? 'allow' : 'forbidden';
  }

  const m = membershipIn(actor, resource.organisationId);
  if (!m) {
    // The instance admin lists and opens every organisation, and nothing inside those they are not a member of.
    return action === 'organisation:read' && actor.isInstanceAdmin ? 'allow' : 'not_found';
  }
  const allowIf = (ok: boolean): Decision => (ok ? 'allow' : 'forbidden');
  if (m.role === 'company_contact') return decideCompanyContact(m, action, resource);

  switch (resource.kind) {
    case 'company':
      return allowIf(isStaff(m));

    case 'workshop':
      return decideWorkshop(actor, m, action, resource);

    case 'organisation':
      if (action === 'organisation:read' || action === 'organisation:list_programmes') return 'allow';
      if (action === 'organisation:update_settings') return allowIf(m.role === 'admin');
      return allowIf(isStaff(m));

    case 'programme': {
      if (isStaff(m)) return 'allow';
      const inProgramme = m.programmeIds.includes(resource.programmeId);
      if (!inProgramme) return 'not_found';
      return allowIf(action === 'programme:read');
    }

    case 'duo': {
      const inDuo = actor.userId === resource.mentorId || actor.userId === resource.menteeId;
      if (resource.erased && DUO_CONTENT.has(action)) return 'not_found';
      if (action === 'reflection:write' || action === 'assessment:write') {
        // The mentee's own words, shared with the mentor: only the mentee writes them.
        if (actor.userId === resource.menteeId) return allowIf(isOpenDuo(resource.status));
        return inDuo || isStaff(m) ? 'forbidden' : 'not_found';
      }
      if (action === 'cv:write' || action === 'meeting:write' || action === 'notes:write' || action === 'private:write' || action === 'agreement:write' || action === 'checkin:write') {
        // Only the two people of the duo write its CV and plan its meetings, and only while the duo runs;
        // coordinators follow.
        if (inDuo) return allowIf(isOpenDuo(resource.status));
        return isStaff(m) ? 'forbidden' : 'not_found';
      }
      if (DUO_ONLY.has(action)) {
        // The duo's own, even after it ended; coordinators see the metadata, never this.
        if (inDuo) return 'allow';
        return isStaff(m) ? 'forbidden' : 'not_found';
      }
      // Staff may do the rest (outcomes among them); the duo's people only read the duo, its CV and its meetings.
      if (isStaff(m)) return 'allow';
      if (!inDuo) return 'not_found';
      return allowIf(action === 'duo:read' || action === 'cv:read' || action === 'meeting:read');
    }

    case 'membership': {
      const self = resource.userId === actor.userId;
      switch (action) {
        case 'member:update_profile':
          return allowIf(isStaff(m) || self);
        case 'member:update_role':
          return allowIf(m.role === 'admin');
        case 'reporting:read_answers':
        case 'reporting:write_answers':
          // Only mentees have reporting answers; mentors and other mentees never see anyone's.
          if (resource.role !== 'mentee') return 'forbidden';
          return allowIf(self || isStaff(m));
        case 'member:remove':
          return allowIf(m.role === 'admin' || (m.role === 'coordinator' && resource.role !== 'admin'));
        case 'member:set_company':
          return allowIf(isStaff(m));
        case 'member:reset_link':
          // A reset link is a way into the account: only for people wholly inside this organisation, and never
          // towards someone with as much power as the one asking.
          if (self || resource.beyondOrganisation) return 'forbidden';
          if (m.role === 'admin') return allowIf(resource.role !== 'admin');
          return allowIf(m.role === 'coordinator' && isParticipant(resource.role));
        default:
          return 'forbidden';
      }
    }

    case 'invitation':
      if (action === 'invitation:create') {
        return allowIf(m.role === 'admin' || (m.role === 'coordinator' && resource.role !== 'admin'));
      }
      return allowIf(isStaff(m));
  }
}

/**
 * A company contact sees the organisation's name and its own company's participation figures, nothing else: no
 * duo, programme, workshop or member (their existence is private: 404); the organisation's lists and
 * invitations are refused (403).
 */
function decideCompanyContact(m: ActorMembership, action: Action, resource: Resource): Decision {
  if (resource.kind === 'company') return m.companyId && m.companyId === resource.companyId && action === 'company:figures' ? 'allow' : 'not_found';
  if (resource.kind === 'organisation' || resource.kind === 'invitation') return action === 'organisation:read' ? 'allow' : 'forbidden';
  return 'not_found';
}

/** A participant counts while they are still in the workshop's programme (or the workshop has none). */
function inWorkshopScope(m: ActorMembership, w: WorkshopResource): boolean {
  return isStaff(m) || w.programmeId === null || m.programmeIds.includes(w.programmeId);
}

/** Who one is in a workshop: its organisation's staff, a designated facilitator, a participant, or nobody. */
export function workshopRole(actor: Actor, w: WorkshopResource): 'staff' | 'facilitator' | 'participant' | null {
  const m = membershipIn(actor, w.organisationId);
  if (!m) return null;
  if (isStaff(m)) return 'staff';
  if (w.facilitatorIds.includes(actor.userId)) return 'facilitator';
  if (w.participantIds.includes(actor.userId) && inWorkshopScope(m, w)) return 'participant';
  return null;
}

function decideWorkshop(actor: Actor, m: ActorMembership, action: Action, w: WorkshopResource): Decision {
  const allowIf = (ok: boolean): Decision => (ok ? 'allow' : 'forbidden');
  if (action === 'workshop:join') {
    // Anyone of the organisation who could be invited (the programme's people when it has one) joins with the code.
    if (!inWorkshopScope(m, w)) return 'not_found';
    return allowIf(w.state !== 'ended');
  }
  const role = workshopRole(actor, w);
  if (!role) return 'not_found';
  const leads = role === 'staff' || role === 'facilitator';
  switch (action) {
    case 'workshop:read':
      return 'allow';
    case 'workshop:update':
    case 'workshop:facilitate':
      return allowIf(leads);
    case 'workshop:delete':
    case 'workshop:designate':
      return allowIf(role === 'staff');
    case 'workshop:participate':
      return allowIf(w.participantIds.includes(actor.userId) && w.state !== 'ended');
    case 'workshop:summary':
      return allowIf(leads || w.state === 'ended');
    case 'workshop:moderate':
      // Anonymity holds against the facilitators: only an admin of the organisation looks behind it.
      return allowIf(m.role === 'admin');
    default:
      return 'forbidden';
  }
}

/** What the board lets a participant do in each activity (facilitators always write while the workshop runs). */
export const BOARD_WRITABLE_ACTIVITIES: readonly ActivityKind[] = ['checkin', 'group', 'actions', 'checkout'];

export interface WorkshopLive {
  /** The current activity's kind, or null before the start. */
  activity: ActivityKind | null;
  /** Locked by the facilitator, or the timer reached zero with lockAtZero. */
  locked: boolean;
}

/**
 * The board of a workshop (`board:<workshopId>`): its leads write while it is not ended; participants read it,
 * and write only while it is live, unlocked, in an activity that lets them. Afterwards everyone reads it.
 */
export function boardAccess(actor: Actor, w: WorkshopResource, live: WorkshopLive): DocumentAccess {
  return boardAccessOf(workshopRole(actor, w), w.state, live);
}

export type WorkshopRole = NonNullable<ReturnType<typeof workshopRole>>;

/** The same from a role already known (the server re-judges open connections when only the live state changed). */
export function boardAccessOf(role: WorkshopRole | null, state: WorkshopState, live: WorkshopLive): DocumentAccess {
  if (!role) return 'none';
  if (state === 'ended') return 'read';
  if (role !== 'participant') return 'write';
  const writable = state === 'live' && !live.locked && live.activity !== null && BOARD_WRITABLE_ACTIVITIES.includes(live.activity);
  return writable ? 'write' : 'read';
}

/** A private draft (`draft:<workshopId>:<userId>`): only its writer opens it, and writes only during private writing. */
export function draftAccess(actor: Actor, w: WorkshopResource, ownerId: string, live: WorkshopLive): DocumentAccess {
  return draftAccessOf(actor.userId === ownerId ? workshopRole(actor, w) : null, w.state, live);
}

export function draftAccessOf(ownRole: WorkshopRole | null, state: WorkshopState, live: WorkshopLive): DocumentAccess {
  if (!ownRole) return 'none';
  const writable = state === 'live' && !live.locked && live.activity === 'private_writing';
  return writable ? 'write' : 'read';
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  return decide(actor, action, resource) === 'allow';
}

export type DocumentAccess = 'write' | 'read' | 'none';
export type DocumentKind = 'cv' | 'meeting_notes';

/**
 * For the collaboration server: may this actor open a duo's document, and may they change it? The duo's mentor
 * and mentee write while the duo is active or paused and keep reading it afterwards (a mentee reviews months
 * later); the organisation's coordinators and admins follow the CV in read-only, and never open meeting notes.
 */
export function documentAccess(actor: Actor, doc: { kind: DocumentKind; duo: DuoResource }): DocumentAccess {
  // The same rules as the REST routes of the same content, so a socket can never do what a route would refuse.
  const [write, read] = DOCUMENT_ACTIONS[doc.kind];
  if (decide(actor, write, doc.duo) === 'allow') return 'write';
  return decide(actor, read, doc.duo) === 'allow' ? 'read' : 'none';
}

/** The actions that write and read each kind of a duo's document. Meeting notes are the duo's own: coordinators
 * follow the CV, never the notes. */
const DOCUMENT_ACTIONS: Record<DocumentKind, readonly [Action, Action]> = {
  cv: ['cv:write', 'cv:read'],
  meeting_notes: ['notes:write', 'notes:read']
};
