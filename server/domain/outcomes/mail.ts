// The email that brings a mentee to the outcome form, in their language and in plain words: what is asked, that it
// takes a minute, that the link works once and until when, and that their name never reaches the funder.
import type { Locale } from '../../../src/lib/shared/codes.ts';
import type { OutcomeMoment } from '../../../src/lib/shared/reports/outcomes.ts';

const INTL: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

interface Values {
  firstName: string;
  organisation: string;
  url: string;
  expires: string;
}

const WHEN: Record<Locale, Record<OutcomeMoment, string>> = {
  fr: { end: 'Votre duo est terminé.', month_6: 'Votre duo a commencé il y a six mois.', month_12: 'Votre duo a commencé il y a un an.' },
  nl: { end: 'Uw duo is afgelopen.', month_6: 'Uw duo begon zes maanden geleden.', month_12: 'Uw duo begon een jaar geleden.' },
  en: { end: 'Your duo has ended.', month_6: 'Your duo started six months ago.', month_12: 'Your duo started a year ago.' }
};

const TEMPLATES: Record<Locale, (v: Values, when: string) => { subject: string; text: string }> = {
  fr: (v, when) => ({
    subject: `${v.organisation} : où en êtes-vous ?`,
    text:
      `Bonjour ${v.firstName},\n\n${when} ${v.organisation} aimerait savoir où vous en êtes : emploi, formation, stage ou recherche.\n` +
      `Répondre prend une minute. Le lien marche une seule fois, jusqu'au ${v.expires} :\n\n${v.url}\n\n` +
      `Votre réponse aide l'association à rendre compte de son travail. Votre nom n'est jamais transmis.\n`
  }),
  nl: (v, when) => ({
    subject: `${v.organisation}: hoe gaat het met u?`,
    text:
      `Hallo ${v.firstName},\n\n${when} ${v.organisation} wil graag weten hoe het nu met u gaat: werk, opleiding, stage of nog zoekend.\n` +
      `Antwoorden duurt een minuut. De link werkt één keer, tot ${v.expires}:\n\n${v.url}\n\n` +
      `Uw antwoord helpt de vereniging verslag uit te brengen. Uw naam wordt nooit doorgegeven.\n`
  }),
  en: (v, when) => ({
    subject: `${v.organisation}: how are things going?`,
    text:
      `Hello ${v.firstName},\n\n${when} ${v.organisation} would like to know where you are now: a job, training, an internship or still searching.\n` +
      `Answering takes a minute. The link works once, until ${v.expires}:\n\n${v.url}\n\n` +
      `Your answer helps the organisation report on its work. Your name is never passed on.\n`
  })
};

export function renderOutcomeMail(locale: Locale, moment: OutcomeMoment, v: Omit<Values, 'expires'>, expires: Date) {
  const date = expires.toLocaleDateString(INTL[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Brussels' });
  return TEMPLATES[locale]({ ...v, expires: date }, WHEN[locale][moment]);
}
