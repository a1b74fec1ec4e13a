// The company contact's CSV: one line per volunteer and a total line, headed in the reader's language.
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { CompanyFiguresView } from '../../src/lib/shared/reports/partners.ts';
import { csvDocument } from './csv.ts';

const HEADERS: Record<Locale, { columns: string[]; total: string }> = {
  fr: {
    columns: ['Bénévole', 'Duos en cours', 'Duos terminés', 'Duos arrêtés avant terme', 'Rencontres tenues', 'Heures de mentorat', 'Ateliers animés', 'Ateliers suivis'],
    total: 'Total'
  },
  nl: {
    columns: ['Vrijwilliger', 'Lopende duo’s', 'Afgeronde duo’s', 'Vroegtijdig gestopte duo’s', 'Gehouden ontmoetingen', 'Mentoruren', 'Begeleide groepsateliers', 'Gevolgde groepsateliers'],
    total: 'Totaal'
  },
  en: {
    columns: ['Volunteer', 'Active duos', 'Completed duos', 'Duos ended early', 'Meetings held', 'Mentoring hours', 'Workshops facilitated', 'Workshops attended'],
    total: 'Total'
  }
};

export function companyFiguresCsv(f: CompanyFiguresView, locale: Locale): string {
  const h = HEADERS[locale];
  const line = (name: string, v: Omit<CompanyFiguresView['volunteers'][number], 'name'>) => [
    name,
    v.duosActive,
    v.duosCompleted,
    v.duosEndedEarly,
    v.meetingsHeld,
    v.mentoringHours,
    v.workshopsFacilitated,
    v.workshopsAttended
  ];
  return csvDocument([h.columns, ...f.volunteers.map((v) => line(v.name, v)), line(`${h.total} (${f.totals.volunteers})`, f.totals)]);
}
