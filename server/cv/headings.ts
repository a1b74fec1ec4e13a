// The few words a PDF CV prints besides the user's own text, in the CV's locale. They come from the same
// catalogues as the live preview's (src/lib/i18n/messages/cv), read directly: the server has no i18n runtime.
import type { CefrLevel, CvLocale, SectionKey } from '../../src/lib/shared/cv/schema.ts';
import en from '../../src/lib/i18n/messages/cv/en.json';
import fr from '../../src/lib/i18n/messages/cv/fr.json';
import nl from '../../src/lib/i18n/messages/cv/nl.json';

export interface CvWords {
  sections: Record<SectionKey | 'summary', string>;
  contact: string;
  present: string;
  cefr: Record<CefrLevel, string>;
  /** skill levels 1–5 */
  skillLevels: [string, string, string, string, string];
  page: (n: number, of: number) => string;
}

function wordsOf(catalogue: typeof fr): CvWords {
  const c = catalogue.cv;
  const { header: _header, links: _links, ...sections } = c.section;
  return {
    sections,
    contact: c.print.contact,
    present: c.print.present,
    cefr: c.cefr,
    skillLevels: [c.skillLevel['1'], c.skillLevel['2'], c.skillLevel['3'], c.skillLevel['4'], c.skillLevel['5']],
    page: (n, of) => c.print.page.replace('{n}', String(n)).replace('{of}', String(of))
  };
}

export const CV_WORDS: Record<CvLocale, CvWords> = { fr: wordsOf(fr), nl: wordsOf(nl), en: wordsOf(en) };
