// Every path the client calls, in one place (the table in api-routes.md is the contract; the server mounts the
// same paths). Each function encodes its ids, so no caller builds a path from raw input.
const id = encodeURIComponent;

const organisation = (orgId: string) => `/api/organisations/${id(orgId)}`;
const programme = (programmeId: string) => `/api/programmes/${id(programmeId)}`;
const duo = (duoId: string) => `/api/duos/${id(duoId)}`;
const cv = (duoId: string) => `${duo(duoId)}/cv`;
const invitationByToken = (token: string) => `/api/invitations/by-token/${id(token)}`;
const workshop = (workshopId: string) => `/api/workshops/${id(workshopId)}`;

export const ROUTES = {
  /** WebSocket upgrades of the live documents: `/collab/<document name>` (y-websocket appends the name). */
  collab: '/collab',
  /** Socket.IO (live events). */
  socketIo: '/socket.io',

  setup: '/api/setup',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  resetRequest: '/api/auth/reset-request',
  reset: '/api/auth/reset',

  me: '/api/me',
  mePassword: '/api/me/password',

  organisations: '/api/organisations',
  organisation,
  members: (orgId: string) => `${organisation(orgId)}/members`,
  organisationSettings: (orgId: string) => `${organisation(orgId)}/settings`,
  programmeTopics: (programmeId: string) => `${programme(programmeId)}/topics`,
  member: (orgId: string, membershipId: string) => `${organisation(orgId)}/members/${id(membershipId)}`,
  memberResetLink: (orgId: string, membershipId: string) => `${organisation(orgId)}/members/${id(membershipId)}/reset-link`,
  organisationProgrammes: (orgId: string) => `${organisation(orgId)}/programmes`,
  organisationInvitations: (orgId: string) => `${organisation(orgId)}/invitations`,
  /** The programme dashboard and the funder's report (issue 13). */
  reportOptions: (orgId: string) => `${organisation(orgId)}/reports/options`,
  reportFigures: (orgId: string) => `${organisation(orgId)}/reports/figures`,
  reportFile: (orgId: string, ext: 'pdf' | 'csv' | 'xlsx') => `${organisation(orgId)}/reports/report.${ext}`,

  programme,
  programmeParticipants: (programmeId: string) => `${programme(programmeId)}/participants`,
  programmeDuos: (programmeId: string) => `${programme(programmeId)}/duos`,
  programmeDuoFlags: (programmeId: string) => `${programme(programmeId)}/duo-flags`,
  programmeSuggestions: (programmeId: string) => `${programme(programmeId)}/suggestions`,

  duos: '/api/duos',
  duo,
  cvVersions: (duoId: string) => `${cv(duoId)}/versions`,
  cvVersion: (duoId: string, versionId: string) => `${cv(duoId)}/versions/${id(versionId)}`,
  cvRestore: (duoId: string, versionId: string) => `${cv(duoId)}/versions/${id(versionId)}/restore`,
  cvImport: (duoId: string) => `${cv(duoId)}/import`,
  cvExportPdf: (duoId: string) => `${cv(duoId)}/export.pdf`,
  cvExportJson: (duoId: string) => `${cv(duoId)}/export.json`,

  duoMeetings: (duoId: string) => `${duo(duoId)}/meetings`,
  duoMeetingPlan: (duoId: string) => `${duo(duoId)}/meetings/plan`,
  meeting: (meetingId: string) => `/api/meetings/${id(meetingId)}`,
  meetingCancel: (meetingId: string) => `/api/meetings/${id(meetingId)}/cancel`,
  meetingHeld: (meetingId: string) => `/api/meetings/${id(meetingId)}/held`,
  meetingMissed: (meetingId: string) => `/api/meetings/${id(meetingId)}/missed`,
  meetingNotesOpen: (meetingId: string) => `/api/meetings/${id(meetingId)}/notes/open`,
  meetingDone: (meetingId: string) => `/api/meetings/${id(meetingId)}/done`,
  meetingNotesSealed: (meetingId: string) => `/api/meetings/${id(meetingId)}/notes/sealed`,
  meetingIcs: (meetingId: string) => `/api/meetings/${id(meetingId)}/calendar.ics`,
  calendarFeed: '/api/me/calendar-feed',
  agreement: (duoId: string) => `${duo(duoId)}/agreement`,
  assessments: (duoId: string) => `${duo(duoId)}/assessments`,
  myCheckins: (duoId: string) => `${duo(duoId)}/checkins/mine`,
  meetingCheckin: (meetingId: string) => `/api/meetings/${id(meetingId)}/checkin`,
  privateNote: (duoId: string) => `${duo(duoId)}/private-note`,
  reflections: (duoId: string) => `${duo(duoId)}/reflections`,

  invitation: (invitationId: string) => `/api/invitations/${id(invitationId)}`,
  invitationByToken,
  invitationAccept: (token: string) => `${invitationByToken(token)}/accept`,

  // Outcomes and reporting fields (issue 13): src/lib/shared/reports/outcome-api.ts
  duoOutcomes: (duoId: string) => `${duo(duoId)}/outcomes`,
  duoOutcome: (duoId: string, moment: string) => `${duo(duoId)}/outcomes/${id(moment)}`,
  programmeOutcomesDue: (programmeId: string) => `${programme(programmeId)}/outcomes-due`,
  outcomeForm: (token: string) => `/api/outcome-forms/by-token/${id(token)}`,
  reportingFields: (orgId: string) => `${organisation(orgId)}/reporting-fields`,
  memberReporting: (orgId: string, membershipId: string) => `${organisation(orgId)}/members/${id(membershipId)}/reporting`,
  myReporting: '/api/me/reporting',

  // Workshops (group sessions): src/lib/shared/workshops/schemas.ts
  organisationWorkshops: (orgId: string) => `${organisation(orgId)}/workshops`,
  /** Upcoming and live workshops I take part in or facilitate. */
  workshops: '/api/workshops',
  /** Ended workshops I took part in, with my cards and my actions. */
  myWorkshops: '/api/workshops/mine',
  workshopJoin: '/api/workshops/join',
  workshop,
  workshopParticipants: (workshopId: string) => `${workshop(workshopId)}/participants`,
  workshopParticipant: (workshopId: string, userId: string) => `${workshop(workshopId)}/participants/${id(userId)}`,
  workshopFacilitators: (workshopId: string) => `${workshop(workshopId)}/facilitators`,
  workshopAttendance: (workshopId: string) => `${workshop(workshopId)}/attendance`,
  workshopJoinCode: (workshopId: string) => `${workshop(workshopId)}/join-code`,
  workshopJoinQr: (workshopId: string) => `${workshop(workshopId)}/join-code.svg`,
  workshopSummary: (workshopId: string) => `${workshop(workshopId)}/summary`,
  workshopExportPdf: (workshopId: string) => `${workshop(workshopId)}/export.pdf`,
  workshopExportMarkdown: (workshopId: string) => `${workshop(workshopId)}/export.md`,
  workshopExportCsv: (workshopId: string) => `${workshop(workshopId)}/export.csv`,
  workshopCardAuthor: (workshopId: string, cardId: string) => `${workshop(workshopId)}/cards/${id(cardId)}/author`,
  /** The page a join code's QR code opens (not an API path). */
  workshopJoinPage: (code: string) => `/workshops/join/${id(code)}`
} as const;

/** A path with its query, values encoded; undefined values are left out. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const entries = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `${path}?${new URLSearchParams(entries).toString()}` : path;
}
