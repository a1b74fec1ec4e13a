// The few words a PDF CV prints besides the user's own text, in the CV's locale. The live preview translates
// the same codes through the app's i18n; the PDF is rendered on the server, which has no i18n bundle.
import type { CefrLevel, CvLocale, SectionKey } from '../../src/lib/shared/cv/schema.ts';

export interface CvWords {
  sections: Record<SectionKey | 'summary', string>;
  contact: string;
  present: string;
  cefr: Record<CefrLevel, string>;
  /** skill levels 1–5 */
  skillLevels: [string, string, string, string, string];
  page: (n: number, of: number) => string;
}

export const CV_WORDS: Record<CvLocale, CvWords> = {
  fr: {
    sections: {
      summary: 'Profil',
      experience: 'Expérience professionnelle',
      education: 'Formation',
      skills: 'Compétences',
      languages: 'Langues',
      certificates: 'Certificats',
      volunteering: 'Bénévolat',
      interests: 'Centres d’intérêt',
      custom: 'Autres'
    },
    contact: 'Contact',
    present: 'aujourd’hui',
    cefr: { A1: 'débutant', A2: 'élémentaire', B1: 'intermédiaire', B2: 'avancé', C1: 'autonome', C2: 'maîtrise' },
    skillLevels: ['notions', 'élémentaire', 'intermédiaire', 'avancé', 'expert'],
    page: (n, of) => `Page ${n} sur ${of}`
  },
  nl: {
    sections: {
      summary: 'Profiel',
      experience: 'Werkervaring',
      education: 'Opleiding',
      skills: 'Vaardigheden',
      languages: 'Talen',
      certificates: 'Certificaten',
      volunteering: 'Vrijwilligerswerk',
      interests: 'Interesses',
      custom: 'Overige'
    },
    contact: 'Contact',
    present: 'heden',
    cefr: { A1: 'beginner', A2: 'basis', B1: 'gemiddeld', B2: 'goed', C1: 'zeer goed', C2: 'uitstekend' },
    skillLevels: ['basiskennis', 'elementair', 'gemiddeld', 'gevorderd', 'expert'],
    page: (n, of) => `Pagina ${n} van ${of}`
  },
  en: {
    sections: {
      summary: 'Profile',
      experience: 'Work experience',
      education: 'Education',
      skills: 'Skills',
      languages: 'Languages',
      certificates: 'Certificates',
      volunteering: 'Volunteering',
      interests: 'Interests',
      custom: 'Other'
    },
    contact: 'Contact',
    present: 'present',
    cefr: { A1: 'beginner', A2: 'elementary', B1: 'intermediate', B2: 'upper intermediate', C1: 'advanced', C2: 'proficient' },
    skillLevels: ['basic', 'elementary', 'intermediate', 'advanced', 'expert'],
    page: (n, of) => `Page ${n} of ${of}`
  }
};
