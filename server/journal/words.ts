// The words of a journal's exports (Markdown and PDF), in the three languages.
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { MeetingStatus } from '../../src/lib/shared/meetings.ts';

export interface JournalWords {
  title: string;
  meeting: (n: number | null) => string;
  status: Record<MeetingStatus, string>;
  minutes: (n: number) => string;
  notes: string;
  decisions: string;
  steps: string;
  owner: Record<'mentor' | 'mentee', string>;
  due: string;
  cvVersion: string;
  workshop: string;
  cards: string;
  actions: string;
  empty: string;
  page: (n: number, of: number) => string;
}

export const JOURNAL_WORDS: Record<Locale, JournalWords> = {
  fr: {
    title: 'Journal du binôme',
    meeting: (n) => (n ? `Rencontre ${n}` : 'Rencontre'),
    status: { planned: 'prévue', held: 'tenue', missed: 'manquée', cancelled: 'annulée' },
    minutes: (n) => `${n} min`,
    notes: 'Notes',
    decisions: 'Décisions',
    steps: 'Prochaines étapes',
    owner: { mentor: 'mentor', mentee: 'mentoré·e' },
    due: 'pour le',
    cvVersion: 'Version du CV',
    workshop: 'Atelier',
    cards: 'Mes cartes',
    actions: 'Mes actions',
    empty: 'Rien pour l’instant.',
    page: (n, of) => `Page ${n} sur ${of}`
  },
  nl: {
    title: 'Dagboek van het duo',
    meeting: (n) => (n ? `Afspraak ${n}` : 'Afspraak'),
    status: { planned: 'gepland', held: 'gehouden', missed: 'gemist', cancelled: 'geannuleerd' },
    minutes: (n) => `${n} min`,
    notes: 'Notities',
    decisions: 'Beslissingen',
    steps: 'Volgende stappen',
    owner: { mentor: 'mentor', mentee: 'mentee' },
    due: 'tegen',
    cvVersion: 'Versie van het cv',
    workshop: 'Workshop',
    cards: 'Mijn kaartjes',
    actions: 'Mijn acties',
    empty: 'Nog niets.',
    page: (n, of) => `Pagina ${n} van ${of}`
  },
  en: {
    title: 'Duo journal',
    meeting: (n) => (n ? `Meeting ${n}` : 'Meeting'),
    status: { planned: 'planned', held: 'held', missed: 'missed', cancelled: 'cancelled' },
    minutes: (n) => `${n} min`,
    notes: 'Notes',
    decisions: 'Decisions',
    steps: 'Next steps',
    owner: { mentor: 'mentor', mentee: 'mentee' },
    due: 'due',
    cvVersion: 'CV version',
    workshop: 'Workshop',
    cards: 'My cards',
    actions: 'My actions',
    empty: 'Nothing yet.',
    page: (n, of) => `Page ${n} of ${of}`
  }
};
