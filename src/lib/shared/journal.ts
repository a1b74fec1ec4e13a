// The journal of a duo as both its members read it: one timeline of meetings (with their notes and next steps),
// the CV's named versions and the group workshops the reader attended; and its search (MongoDB's `$text`).
import { z } from 'zod';
import { LOCALES } from './codes.ts';
import type { MeetingStatus } from './meetings.ts';

export interface JournalStep {
  text: string;
  owner: 'mentor' | 'mentee';
  due: string | null;
  done: boolean;
}

export interface JournalMeeting {
  kind: 'meeting';
  at: string;
  id: string;
  number: number | null;
  status: MeetingStatus;
  durationMinutes: number;
  actualMinutes: number | null;
  notes: string;
  decisions: string;
  steps: JournalStep[];
}

export interface JournalCvVersion {
  kind: 'cv_version';
  at: string;
  id: string;
  name: string;
}

export interface JournalWorkshop {
  kind: 'workshop';
  at: string;
  id: string;
  title: string;
  cards: { text: string; column: string }[];
  actions: { text: string; due: string; done: boolean }[];
}

export type JournalEntry = JournalMeeting | JournalCvVersion | JournalWorkshop;

export interface JournalView {
  duoId: string;
  entries: JournalEntry[];
}

export interface JournalHit {
  meetingId: string;
  at: string;
  number: number | null;
  score: number;
  snippet: string;
}

export const JOURNAL_QUERY_MAX = 200;
export const journalSearchQuery = z.strictObject({ q: z.string().trim().min(1).max(JOURNAL_QUERY_MAX) });
export const journalExportQuery = z.strictObject({ locale: z.enum(LOCALES).optional() });
