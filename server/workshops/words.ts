// The words of a workshop's exports (Markdown, CSV, PDF, email), in the three languages.
import type { Locale } from '../../src/lib/shared/codes.ts';

export interface SummaryWords {
  summary: string;
  date: string;
  place: string;
  video: string;
  anonymous: string;
  votes: (n: number) => string;
  group: string;
  noCards: string;
  actions: string;
  owner: string;
  due: string;
  done: string;
  nobody: string;
  attendance: string;
  present: string;
  absent: string;
  page: (n: number, of: number) => string;
  csvHeader: string[];
  card: string;
  action: string;
  mailSubject: (title: string) => string;
  mailIntro: (title: string) => string;
}

export const SUMMARY_WORDS: Record<Locale, SummaryWords> = {
  fr: {
    summary: 'Synthèse de l’atelier collectif',
    date: 'Date',
    place: 'Lieu',
    video: 'Lien vidéo',
    anonymous: 'anonyme',
    votes: (n) => (n === 1 ? '1 vote' : `${n} votes`),
    group: 'Groupe',
    noCards: 'Aucune carte.',
    actions: 'Actions',
    owner: 'Responsable',
    due: 'Échéance',
    done: 'fait',
    nobody: 'personne',
    attendance: 'Présences',
    present: 'présent·e',
    absent: 'absent·e',
    page: (n, of) => `Page ${n} sur ${of}`,
    csvHeader: ['type', 'colonne', 'groupe', 'texte', 'auteur·rice', 'votes', 'responsable', 'échéance', 'fait'],
    card: 'carte',
    action: 'action',
    mailSubject: (t) => `Synthèse de l’atelier « ${t} »`,
    mailIntro: (t) => `Bonjour,\n\nVoici la synthèse de l’atelier collectif « ${t} ». Vous la retrouvez aussi dans Binôme, sous « Mes ateliers ».\n\n`
  },
  nl: {
    summary: 'Samenvatting van het groepsatelier',
    date: 'Datum',
    place: 'Plaats',
    video: 'Videolink',
    anonymous: 'anoniem',
    votes: (n) => (n === 1 ? '1 stem' : `${n} stemmen`),
    group: 'Groep',
    noCards: 'Geen kaarten.',
    actions: 'Acties',
    owner: 'Verantwoordelijke',
    due: 'Tegen',
    done: 'klaar',
    nobody: 'niemand',
    attendance: 'Aanwezigheden',
    present: 'aanwezig',
    absent: 'afwezig',
    page: (n, of) => `Pagina ${n} van ${of}`,
    csvHeader: ['soort', 'kolom', 'groep', 'tekst', 'auteur', 'stemmen', 'verantwoordelijke', 'tegen', 'klaar'],
    card: 'kaart',
    action: 'actie',
    mailSubject: (t) => `Samenvatting van het atelier "${t}"`,
    mailIntro: (t) => `Hallo,\n\nHier is de samenvatting van het groepsatelier "${t}". U vindt ze ook in Binôme, onder "Mijn ateliers".\n\n`
  },
  en: {
    summary: 'Group session summary',
    date: 'Date',
    place: 'Place',
    video: 'Video link',
    anonymous: 'anonymous',
    votes: (n) => (n === 1 ? '1 vote' : `${n} votes`),
    group: 'Group',
    noCards: 'No cards.',
    actions: 'Actions',
    owner: 'Owner',
    due: 'Due',
    done: 'done',
    nobody: 'nobody',
    attendance: 'Attendance',
    present: 'present',
    absent: 'absent',
    page: (n, of) => `Page ${n} of ${of}`,
    csvHeader: ['type', 'column', 'group', 'text', 'author', 'votes', 'owner', 'due', 'done'],
    card: 'card',
    action: 'action',
    mailSubject: (t) => `Summary of the group session "${t}"`,
    mailIntro: (t) => `Hello,\n\nHere is the summary of the group session "${t}". You also find it in Binôme, under "My group sessions".\n\n`
  }
};

const DATE_LOCALES: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
export const formatWhen = (iso: string, locale: Locale) =>
  new Date(iso).toLocaleString(DATE_LOCALES[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' });
