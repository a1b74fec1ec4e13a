// Invented, plausible mentoring-meeting notes in French, Dutch and English for bench/journal.bench.ts: word lists
// of what mentors and job seekers write (inflected forms included), drawn with a skew so that a few words are
// common and most are rare, as in real notes. Seeded: every run writes the same journal.

import { prng as seeded } from './prng.ts';

export type Lang = 'french' | 'dutch' | 'english';

interface Vocabulary {
  /** Articles, prepositions, pronouns: mostly stop words. */
  small: string[];
  /** Content words, most frequent first. */
  words: string[];
}

const VOCABULARY: Record<Lang, Vocabulary> = {
  french: {
    small: ['le', 'la', 'les', 'de', 'des', 'du', 'et', 'en', 'un', 'une', 'pour', 'avec', 'sur', 'dans', 'nous', 'il', 'elle', 'qui', 'que', 'pas', 'au', 'à', 'par', 'son', 'sa', 'ses', 'on', 'a', 'est', 'sont'],
    words: [
      'entretien', 'entretiens', 'candidature', 'candidatures', 'CV', 'lettre', 'lettres', 'motivation', 'recruteur', 'recruteuse',
      'recruteurs', 'poste', 'postes', 'offre', 'offres', 'emploi', 'emplois', 'compétences', 'compétence', 'réseau', 'réseaux',
      'objectif', 'objectifs', 'préparer', 'préparé', 'préparation', 'relancer', 'relance', 'relances', 'envoyer', 'envoyé',
      'envoyées', 'rendez-vous', 'atelier', 'ateliers', 'formation', 'formations', 'stage', 'stages', 'alternance', 'contrat',
      'contrats', 'salaire', 'négociation', 'négocier', 'confiance', 'stress', 'présentation', 'pitch', 'questions', 'question',
      'réponse', 'réponses', 'employeur', 'employeurs', 'entreprise', 'entreprises', 'secteur', 'métier', 'métiers',
      'expérience', 'expériences', 'projet', 'projets', 'gestion', 'logistique', 'comptabilité', 'vente', 'accueil', 'soins',
      'numérique', 'informatique', 'développeur', 'développeuse', 'assistante', 'assistant', 'magasinier', 'cariste', 'aide-soignante',
      'LinkedIn', 'profil', 'profils', 'annonce', 'annonces', 'simulation', 'simulations', 'retour', 'retours', 'prochaine',
      'prochain', 'étape', 'étapes', 'semaine', 'semaines', 'mardi', 'jeudi', 'vendredi', 'mois', 'calendrier', 'café',
      'téléphone', 'visio', 'salon', 'forum', 'association', 'bénévole', 'mentor', 'mentorée', 'mentoré', 'binôme', 'progrès',
      'difficultés', 'difficulté', 'mobilité', 'permis', 'transport', 'garde', 'enfants', 'horaires', 'temps', 'partiel',
      'reconversion', 'bilan', 'diplôme', 'diplômes', 'validation', 'acquis', 'langue', 'néerlandais', 'anglais', 'français',
      'ponctualité', 'motivée', 'motivé', 'dynamique', 'rigoureuse', 'rigoureux', 'autonome', 'équipe', 'équipes', 'chantier'
    ]
  },
  dutch: {
    small: ['de', 'het', 'een', 'en', 'van', 'in', 'op', 'met', 'voor', 'aan', 'we', 'ze', 'hij', 'zij', 'is', 'zijn', 'niet', 'om', 'bij', 'naar', 'dat', 'die', 'er', 'ook', 'nog'],
    words: [
      'gesprek', 'gesprekken', 'sollicitatie', 'sollicitaties', 'sollicitatiegesprek', 'cv', 'brief', 'brieven', 'motivatiebrief',
      'werkgever', 'werkgevers', 'vacature', 'vacatures', 'functie', 'functies', 'baan', 'banen', 'werk', 'werken', 'werkt',
      'vaardigheden', 'vaardigheid', 'netwerk', 'netwerken', 'doel', 'doelen', 'voorbereiden', 'voorbereid', 'voorbereiding',
      'opvolgen', 'opvolging', 'versturen', 'verstuurd', 'afspraak', 'afspraken', 'workshop', 'workshops', 'opleiding',
      'opleidingen', 'stage', 'stages', 'contract', 'contracten', 'salaris', 'onderhandeling', 'onderhandelen', 'vertrouwen',
      'spanning', 'presentatie', 'pitch', 'vragen', 'vraag', 'antwoord', 'antwoorden', 'bedrijf', 'bedrijven', 'sector',
      'beroep', 'beroepen', 'ervaring', 'ervaringen', 'project', 'projecten', 'logistiek', 'boekhouding', 'verkoop', 'zorg',
      'verpleging', 'magazijn', 'heftruck', 'programmeur', 'assistent', 'LinkedIn', 'profiel', 'profielen', 'advertentie',
      'oefenen', 'oefening', 'oefeningen', 'feedback', 'volgende', 'stap', 'stappen', 'week', 'weken', 'dinsdag', 'donderdag',
      'vrijdag', 'maand', 'agenda', 'koffie', 'telefoon', 'videogesprek', 'beurs', 'vereniging', 'vrijwilliger', 'mentor',
      'mentee', 'duo', 'vooruitgang', 'moeilijkheden', 'moeilijkheid', 'mobiliteit', 'rijbewijs', 'vervoer', 'kinderopvang',
      'uren', 'deeltijd', 'omscholing', 'diploma', 'diploma\'s', 'taal', 'Nederlands', 'Frans', 'Engels', 'stiptheid',
      'gemotiveerd', 'zelfstandig', 'team', 'teams', 'gemeente', 'uitzendbureau', 'uitzendbureaus'
    ]
  },
  english: {
    small: ['the', 'a', 'an', 'and', 'of', 'to', 'in', 'on', 'for', 'with', 'we', 'she', 'he', 'they', 'is', 'are', 'was', 'not', 'at', 'by', 'it', 'that', 'this', 'our', 'her'],
    words: [
      'interview', 'interviews', 'interviewing', 'application', 'applications', 'applied', 'CV', 'letter', 'letters', 'cover',
      'recruiter', 'recruiters', 'role', 'roles', 'job', 'jobs', 'vacancy', 'vacancies', 'skills', 'skill', 'network',
      'networking', 'goal', 'goals', 'prepare', 'prepared', 'preparing', 'preparation', 'follow-up', 'followed', 'send',
      'sent', 'sending', 'appointment', 'appointments', 'workshop', 'workshops', 'training', 'course', 'courses', 'placement',
      'apprenticeship', 'contract', 'contracts', 'salary', 'negotiation', 'negotiate', 'negotiating', 'confidence', 'nerves',
      'presentation', 'pitch', 'questions', 'question', 'answer', 'answers', 'employer', 'employers', 'company', 'companies',
      'sector', 'trade', 'experience', 'experiences', 'project', 'projects', 'management', 'logistics', 'bookkeeping', 'sales',
      'reception', 'care', 'digital', 'developer', 'assistant', 'warehouse', 'forklift', 'carer', 'LinkedIn', 'profile',
      'profiles', 'advert', 'adverts', 'practice', 'practised', 'mock', 'feedback', 'next', 'step', 'steps', 'week', 'weeks',
      'Tuesday', 'Thursday', 'Friday', 'month', 'calendar', 'coffee', 'phone', 'video', 'fair', 'charity', 'volunteer',
      'mentor', 'mentee', 'pair', 'progress', 'difficulties', 'difficulty', 'commute', 'licence', 'childcare', 'hours',
      'part-time', 'retraining', 'qualification', 'qualifications', 'language', 'Dutch', 'French', 'English', 'punctuality',
      'motivated', 'reliable', 'independent', 'team', 'teams', 'council', 'agency', 'agencies'
    ]
  }
};


/** A skewed pick: early entries (the common words) come up far more often than late ones. */
function pick<T>(list: T[], random: () => number): T {
  return list[Math.floor(list.length * random() ** 2.5)];
}

// Notes also name companies, streets, towns, people and tools: a long tail of rare words, invented here from
// syllables, which is what makes a real index large (many terms, few documents each).
const SYLLABLES = ['ver', 'ho', 'mar', 'tin', 'lan', 'de', 'bro', 'eck', 'sel', 'ri', 'van', 'ker', 'bou', 'lo', 'gne', 'wit', 'field', 'ash', 'wor', 'th', 'ma', 'nu', 'tec', 'ra', 'il', 'zo', 'pe', 'kin', 'sa', 'gro'];
const NAMES = (() => {
  const random = seeded(99);
  return Array.from({ length: 6000 }, () => {
    const n = 2 + Math.floor(random() * 3);
    const w = Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
    return w[0].toUpperCase() + w.slice(1);
  });
})();

/** About `words` words of notes in `lang`, as sentences. */
export function notesText(lang: Lang, words: number, random: () => number): string {
  const v = VOCABULARY[lang];
  const out: string[] = [];
  let sentence = 0;
  for (let i = 0; i < words; i++) {
    const r = random();
    let w = r < 0.37 ? v.small[Math.floor(random() * v.small.length)] : r < 0.45 ? NAMES[Math.floor(random() * NAMES.length)] : pick(v.words, random);
    if (sentence === 0) w = w[0].toUpperCase() + w.slice(1);
    sentence++;
    if (sentence > 8 && random() < 0.15) {
      w += '.';
      sentence = 0;
    } else if (random() < 0.04) w += ',';
    out.push(w);
  }
  return out.join(' ');
}

/** A search a mentee types: one or two content words, sometimes inflected or without accents. */
export function searchText(lang: Lang, random: () => number): string {
  const v = VOCABULARY[lang];
  const words = Array.from({ length: random() < 0.7 ? 1 : 2 }, () => pick(v.words, random));
  return words.map((w) => (random() < 0.3 ? w.normalize('NFD').replace(/\p{M}/gu, '') : w)).join(' ');
}

export const LANGS: Lang[] = ['french', 'french', 'dutch', 'english'];
