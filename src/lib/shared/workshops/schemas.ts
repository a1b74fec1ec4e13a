// Workshops over REST: request bodies (zod, validated by the server, reused by the forms) and the answers'
// shapes (`*View`). The live part (activities advanced, timer, votes) travels over Socket.IO (events.ts); the
// board's content is a shared document (model.ts). Paths: ROUTES.workshop* in ../routes.ts.
import { z } from 'zod';
import { LOCALES, type Locale } from '../codes';
import { objectId } from '../schemas';
import { ACTIVITY_KINDS, CARD_COLOURS, WORKSHOP_STATES, type Activity, type ActivityKind, type CardColour, type WorkshopState } from './model';

export const WORKSHOP_LIMITS = {
  title: 120,
  description: 2000,
  place: 200,
  activities: 20,
  activityTitle: 120,
  activityPrompt: 500,
  activityMinutes: 180,
  participants: 500,
  facilitators: 10,
  notes: 10_000,
  /** Characters of a join code (see JOIN_CODE_ALPHABET). */
  joinCode: 6
} as const;

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud in a room or copied from a projector is not mistaken. */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

export const TEMPLATE_IDS = ['cv_strengths', 'interview_questions', 'channels_map', 'midway_checkin', 'blank'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

const title = z.string().trim().min(1).max(WORKSHOP_LIMITS.title);
/** An absolute instant, ISO 8601 with its offset (the client sends `new Date(...).toISOString()`). */
const instant = z.iso.datetime({ offset: true });
const videoUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'must be an https:// link');

export const activityInput = z.strictObject({
  /** Kept when editing an existing activity; a new one gets an id from the server. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string().trim().min(1).max(WORKSHOP_LIMITS.activityTitle),
  prompt: z.string().trim().max(WORKSHOP_LIMITS.activityPrompt).default(''),
  minutes: z.number().int().min(0).max(WORKSHOP_LIMITS.activityMinutes)
});

export const columnInput = z.strictObject({
  title: z.string().trim().min(1).max(120),
  prompt: z.string().trim().max(500).default(''),
  colour: z.enum(CARD_COLOURS)
});

const voteSettings = z.strictObject({
  budget: z.number().int().min(1).max(20),
  cap: z.number().int().min(1).max(20),
  selfVotes: z.boolean()
});

export const workshopBody = z.strictObject({
  title,
  description: z.string().trim().max(WORKSHOP_LIMITS.description).default(''),
  programmeId: objectId.nullable().default(null),
  startsAt: instant,
  durationMinutes: z.number().int().min(15).max(600).default(120),
  place: z.string().trim().max(WORKSHOP_LIMITS.place).default(''),
  videoUrl: videoUrl.default(''),
  locale: z.enum(LOCALES),
  /** The run-sheet and columns start from this template, in `locale`. */
  templateId: z.enum(TEMPLATE_IDS).default('blank'),
  votes: voteSettings.optional()
});
export type WorkshopInput = z.infer<typeof workshopBody>;

/** Details change any time before the end; the run-sheet and columns only before the start (409 after). */
export const workshopPatch = z.strictObject({
  title: title.optional(),
  description: z.string().trim().max(WORKSHOP_LIMITS.description).optional(),
  startsAt: instant.optional(),
  durationMinutes: z.number().int().min(15).max(600).optional(),
  place: z.string().trim().max(WORKSHOP_LIMITS.place).optional(),
  videoUrl: videoUrl.optional(),
  locale: z.enum(LOCALES).optional(),
  activities: z.array(activityInput).min(1).max(WORKSHOP_LIMITS.activities).optional(),
  columns: z.array(columnInput).min(1).max(12).optional(),
  votes: voteSettings.optional()
});
export type WorkshopPatch = z.infer<typeof workshopPatch>;

/** Invite people one by one (user ids or membership ids), or every mentor and mentee of the workshop's programme. */
export const participantsBody = z.union([
  z.strictObject({ userIds: z.array(objectId).min(1).max(WORKSHOP_LIMITS.participants) }),
  z.strictObject({ allOfProgramme: z.literal(true) })
]);
export const facilitatorsBody = z.strictObject({ userIds: z.array(objectId).max(WORKSHOP_LIMITS.facilitators) });
export const joinBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .transform((c) => c.replace(/[\s-]/g, ''))
    .pipe(z.string().length(WORKSHOP_LIMITS.joinCode).regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]+$`), 'must be a join code'))
});
export const attendanceBody = z.strictObject({ userId: objectId, present: z.boolean() });
export const workshopUserParams = z.strictObject({ id: objectId, userId: objectId });
export const workshopCardParams = z.strictObject({ id: objectId, cardId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a card id') });
export const workshopListQuery = z.strictObject({ state: z.enum(WORKSHOP_STATES).optional() });
export const workshopExportQuery = z.strictObject({ locale: z.enum(LOCALES).optional() });

// ---- Answers -------------------------------------------------------------------------------------------------

export interface WorkshopPerson {
  userId: string;
  name: string;
}

/** What every answer says of a workshop. */
export interface WorkshopBase {
  id: string;
  organisationId: string;
  programmeId: string | null;
  title: string;
  startsAt: string;
  durationMinutes: number;
  place: string;
  videoUrl: string;
  locale: Locale;
  state: WorkshopState;
}

export interface WorkshopView extends WorkshopBase {
  description: string;
  templateId: TemplateId;
  activities: Activity[];
  columns: { title: string; prompt: string; colour: CardColour }[];
  votes: { budget: number; cap: number; selfVotes: boolean };
  facilitators: WorkshopPerson[];
  participants: (WorkshopPerson & { present: boolean })[];
  /** What the asking person may do here. */
  me: { facilitator: boolean; participant: boolean };
  /** Facilitators only: the code people type to join, and the page it points to (the QR code's content). */
  join: { code: string; url: string } | null;
  /** Board and draft document names for the live documents. */
  documents: { board: string; draft: string | null };
}

/** A workshop in a list (dashboards). */
export interface WorkshopListItem extends WorkshopBase {
  participants: number;
  facilitator: boolean;
}

/** "My workshops": an ended workshop with what I wrote and the actions I own. */
export interface MyWorkshopView extends WorkshopListItem {
  myCards: { id: string; text: string; column: string; anonymous: boolean }[];
  myActions: { id: string; text: string; due: string; done: boolean }[];
  attended: boolean;
}

export interface WorkshopSummary {
  workshop: WorkshopListItem & { description: string };
  columns: {
    id: string;
    title: string;
    prompt: string;
    cards: { id: string; text: string; authorName: string | null; votes: number | null; group: string }[];
    groups: { id: string; title: string; votes: number | null; cards: number }[];
  }[];
  actions: { id: string; text: string; ownerName: string; due: string; done: boolean }[];
  attendance: { userId: string; name: string; present: boolean }[];
  /** Votes are counted only once the facilitator revealed them (null before). */
  votesRevealed: boolean;
}

/** Admin moderation of an anonymous card: who wrote it. */
export interface CardAuthorView {
  cardId: string;
  authorId: string;
  authorName: string;
}

export type { ActivityKind };
