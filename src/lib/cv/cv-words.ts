// The words a rendered CV prints besides the person's own text (headings, "present", level names), in the
// CV's language, which may differ from the interface's: a French-speaking mentee may write a Dutch CV. The
// three catalogues are small, so the preview reads them directly instead of through the lazy i18n loader.
import type { CefrLevel, CvLocale, SectionKey } from '$shared/cv';
import en from '$lib/i18n/messages/cv/en.json';
import fr from '$lib/i18n/messages/cv/fr.json';
import nl from '$lib/i18n/messages/cv/nl.json';

const CATALOGUES = { fr, nl, en } as const;

export interface CvWords {
  section: (key: SectionKey | 'summary') => string;
  cefr: (level: CefrLevel) => string;
  skillLevel: (level: number) => string;
  contact: string;
  present: string;
}

export function cvWords(locale: CvLocale): CvWords {
  const c = (CATALOGUES[locale] ?? CATALOGUES.fr).cv;
  return {
    section: (key) => c.section[key],
    cefr: (level) => c.cefr[level],
    skillLevel: (level) => c.skillLevel[String(level) as keyof typeof c.skillLevel] ?? '',
    contact: c.print.contact,
    present: c.print.present
  };
}
