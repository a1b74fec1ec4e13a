// Workshop templates for the field, as data keyed by locale: the columns and the run-sheet a facilitator starts
// from (then edits freely before the start). A workshop keeps a copy in its own language; changing a template
// here never changes a workshop already planned.
import type { Locale } from '../codes';
import type { ActivityKind, CardColour, ColumnTemplate, WorkshopTemplate } from './model';
import type { TemplateId } from './schemas';

type L = Record<Locale, string>;
interface ColumnSource {
  title: L;
  prompt: L;
  colour: CardColour;
}
interface ActivitySource {
  kind: ActivityKind;
  minutes: number;
  title?: L;
  prompt?: L;
}
interface TemplateSource {
  title: L;
  description: L;
  columns: ColumnSource[];
  activities: ActivitySource[];
}

/** The usual title and prompt of each kind of activity, used when a template does not say more. */
const ACTIVITY_DEFAULTS: Record<ActivityKind, { title: L; prompt: L }> = {
  checkin: {
    title: { fr: 'Tour de table', nl: 'Kennismakingsronde', en: 'Check-in' },
    prompt: { fr: 'En un mot : comment arrivez-vous aujourd’hui ?', nl: 'In één woord: hoe kom je vandaag binnen?', en: 'In one word: how are you arriving today?' }
  },
  private_writing: {
    title: { fr: 'Écriture personnelle', nl: 'Persoonlijk schrijven', en: 'Private writing' },
    prompt: {
      fr: 'Écrivez vos idées, une par carte. Personne ne les voit avant la révélation.',
      nl: 'Schrijf je ideeën op, één per kaart. Niemand ziet ze vóór het onthullen.',
      en: 'Write your ideas, one per card. Nobody sees them before the reveal.'
    }
  },
  reveal: {
    title: { fr: 'Révélation', nl: 'Onthullen', en: 'Reveal' },
    prompt: { fr: 'Les cartes arrivent sur le tableau.', nl: 'De kaarten verschijnen op het bord.', en: 'The cards appear on the board.' }
  },
  group: {
    title: { fr: 'Regroupement', nl: 'Groeperen', en: 'Group' },
    prompt: { fr: 'Rassemblez les cartes qui disent la même chose et donnez un titre aux groupes.', nl: 'Breng kaarten die hetzelfde zeggen samen en geef de groepen een titel.', en: 'Gather the cards that say the same thing and give each group a title.' }
  },
  vote: {
    title: { fr: 'Vote', nl: 'Stemmen', en: 'Vote' },
    prompt: { fr: 'Votez pour ce qui compte le plus pour vous.', nl: 'Stem op wat voor jou het belangrijkst is.', en: 'Vote for what matters most to you.' }
  },
  discuss: {
    title: { fr: 'Discussion', nl: 'Bespreking', en: 'Discuss' },
    prompt: { fr: 'Parlons des groupes qui ont reçu le plus de votes.', nl: 'We bespreken de groepen met de meeste stemmen.', en: 'Let’s talk about the groups with the most votes.' }
  },
  actions: {
    title: { fr: 'Actions', nl: 'Acties', en: 'Actions' },
    prompt: { fr: 'Qui fait quoi, et pour quand ?', nl: 'Wie doet wat, en tegen wanneer?', en: 'Who does what, and by when?' }
  },
  checkout: {
    title: { fr: 'Tour de clôture', nl: 'Afsluitronde', en: 'Check-out' },
    prompt: { fr: 'Qu’emportez-vous de cet atelier ?', nl: 'Wat neem je mee uit dit atelier?', en: 'What do you take away from this session?' }
  }
};

const CHECKIN_COLUMN: ColumnSource = { title: { fr: 'Tour de table', nl: 'Kennismaking', en: 'Check-in' }, prompt: ACTIVITY_DEFAULTS.checkin.prompt, colour: 'grey' };

const FULL_RUN: ActivitySource[] = [
  { kind: 'checkin', minutes: 5 },
  { kind: 'private_writing', minutes: 10 },
  { kind: 'reveal', minutes: 5 },
  { kind: 'group', minutes: 10 },
  { kind: 'vote', minutes: 5 },
  { kind: 'discuss', minutes: 20 },
  { kind: 'actions', minutes: 10 },
  { kind: 'checkout', minutes: 5 }
];

const SOURCES: Record<TemplateId, TemplateSource> = {
  cv_strengths: {
    title: { fr: 'Inventaire des forces du CV', nl: 'Sterktes van je cv in kaart', en: 'CV strengths inventory' },
    description: {
      fr: 'Chacun·e repère ses compétences, ses réussites et ce qui le·la rend unique, puis choisit ce qui doit ressortir du CV.',
      nl: 'Iedereen brengt vaardigheden, successen en wat hem of haar uniek maakt in kaart, en kiest wat in het cv moet opvallen.',
      en: 'Everyone lists their skills, achievements and what makes them stand out, then chooses what the CV should bring forward.'
    },
    columns: [
      CHECKIN_COLUMN,
      { title: { fr: 'Compétences', nl: 'Vaardigheden', en: 'Skills' }, prompt: { fr: 'Ce que je sais faire, au travail ou ailleurs.', nl: 'Wat ik kan, op het werk of daarbuiten.', en: 'What I can do, at work or elsewhere.' }, colour: 'blue' },
      { title: { fr: 'Réussites', nl: 'Successen', en: 'Achievements' }, prompt: { fr: 'Une situation dont je suis fier·ère, avec un résultat.', nl: 'Een situatie waar ik trots op ben, met een resultaat.', en: 'A situation I am proud of, with a result.' }, colour: 'green' },
      { title: { fr: 'Ce qui me distingue', nl: 'Wat mij onderscheidt', en: 'What sets me apart' }, prompt: { fr: 'Langues, parcours, qualités que l’on me reconnaît.', nl: 'Talen, parcours, kwaliteiten die anderen in mij zien.', en: 'Languages, path, qualities others see in me.' }, colour: 'yellow' }
    ],
    activities: FULL_RUN
  },
  interview_questions: {
    title: { fr: 'Banque de questions d’entretien', nl: 'Vragenbank voor sollicitatiegesprekken', en: 'Interview question bank' },
    description: {
      fr: 'Rassembler les questions qui font peur, trouver ensemble de bonnes réponses et s’entraîner.',
      nl: 'De vragen verzamelen waar we tegen opzien, samen goede antwoorden vinden en oefenen.',
      en: 'Collect the questions we dread, find good answers together and practise.'
    },
    columns: [
      CHECKIN_COLUMN,
      { title: { fr: 'Questions qui me font peur', nl: 'Vragen waar ik tegen opzie', en: 'Questions I dread' }, prompt: { fr: 'Une question par carte.', nl: 'Eén vraag per kaart.', en: 'One question per card.' }, colour: 'pink' },
      { title: { fr: 'Pistes de réponse', nl: 'Aanzetten tot antwoord', en: 'Ideas for answers' }, prompt: { fr: 'Un exemple, une formulation qui marche.', nl: 'Een voorbeeld, een formulering die werkt.', en: 'An example, a wording that works.' }, colour: 'green' },
      { title: { fr: 'Questions à poser au recruteur', nl: 'Vragen voor de recruiter', en: 'Questions to ask the recruiter' }, prompt: { fr: 'Ce que je veux savoir de l’employeur.', nl: 'Wat ik van de werkgever wil weten.', en: 'What I want to know about the employer.' }, colour: 'blue' }
    ],
    activities: FULL_RUN
  },
  channels_map: {
    title: { fr: 'Carte des canaux de recherche d’emploi', nl: 'Kaart van zoekkanalen naar werk', en: 'Job-search channels map' },
    description: {
      fr: 'Où chercher, qui contacter, et quels canaux essayer dans le mois qui vient.',
      nl: 'Waar zoeken, wie contacteren, en welke kanalen we de komende maand uitproberen.',
      en: 'Where to look, whom to contact, and which channels to try in the coming month.'
    },
    columns: [
      CHECKIN_COLUMN,
      { title: { fr: 'Sites et offres', nl: 'Sites en vacatures', en: 'Job boards and offers' }, prompt: { fr: 'Actiris, VDAB, Le Forem, sites d’entreprises…', nl: 'Actiris, VDAB, Le Forem, bedrijfssites…', en: 'Actiris, VDAB, Le Forem, company sites…' }, colour: 'blue' },
      { title: { fr: 'Réseau', nl: 'Netwerk', en: 'Network' }, prompt: { fr: 'Personnes, anciens collègues, associations.', nl: 'Mensen, oud-collega’s, verenigingen.', en: 'People, former colleagues, associations.' }, colour: 'green' },
      { title: { fr: 'Candidatures spontanées', nl: 'Spontane sollicitaties', en: 'Unsolicited applications' }, prompt: { fr: 'Entreprises à contacter directement.', nl: 'Bedrijven om rechtstreeks te contacteren.', en: 'Companies to contact directly.' }, colour: 'orange' },
      { title: { fr: 'Événements et salons', nl: 'Evenementen en beurzen', en: 'Events and job fairs' }, prompt: { fr: 'Jobdays, salons, rencontres.', nl: 'Jobdagen, beurzen, ontmoetingen.', en: 'Job days, fairs, meet-ups.' }, colour: 'purple' }
    ],
    activities: FULL_RUN
  },
  midway_checkin: {
    title: { fr: 'Bilan à mi-parcours', nl: 'Tussentijdse evaluatie', en: 'Mid-programme check-in' },
    description: {
      fr: 'Trois mois après le début : ce qui avance, ce qui bloque, ce que l’on change pour la suite.',
      nl: 'Drie maanden na de start: wat vooruitgaat, wat vastloopt, wat we veranderen voor het vervolg.',
      en: 'Three months in: what moves forward, what is stuck, what we change for the rest.'
    },
    columns: [
      CHECKIN_COLUMN,
      { title: { fr: 'Ce qui avance', nl: 'Wat vooruitgaat', en: 'What is working' }, prompt: { fr: 'Un progrès, même petit.', nl: 'Een vooruitgang, hoe klein ook.', en: 'A step forward, however small.' }, colour: 'green' },
      { title: { fr: 'Ce qui bloque', nl: 'Wat vastloopt', en: 'What is stuck' }, prompt: { fr: 'Un obstacle que je rencontre.', nl: 'Een obstakel waar ik op bots.', en: 'An obstacle I meet.' }, colour: 'pink' },
      { title: { fr: 'Ce que je veux changer', nl: 'Wat ik wil veranderen', en: 'What I want to change' }, prompt: { fr: 'Pour les trois prochains mois.', nl: 'Voor de komende drie maanden.', en: 'For the next three months.' }, colour: 'yellow' }
    ],
    activities: FULL_RUN
  },
  blank: {
    title: { fr: 'Atelier vierge', nl: 'Leeg atelier', en: 'Blank session' },
    description: { fr: 'Une colonne et un déroulé simple, à compléter.', nl: 'Eén kolom en een eenvoudig verloop, zelf aan te vullen.', en: 'One column and a simple run-sheet to fill in.' },
    columns: [{ title: { fr: 'Idées', nl: 'Ideeën', en: 'Ideas' }, prompt: { fr: '', nl: '', en: '' }, colour: 'yellow' }],
    activities: [
      { kind: 'private_writing', minutes: 10 },
      { kind: 'reveal', minutes: 5 },
      { kind: 'discuss', minutes: 20 }
    ]
  }
};

/** A template in one language. */
export function workshopTemplate(id: TemplateId, locale: Locale): WorkshopTemplate {
  const src = SOURCES[id];
  const columns: ColumnTemplate[] = src.columns.map((c) => ({ title: c.title[locale], prompt: c.prompt[locale], colour: c.colour }));
  return {
    id,
    title: src.title[locale],
    description: src.description[locale],
    columns,
    activities: src.activities.map((a) => ({
      kind: a.kind,
      minutes: a.minutes,
      title: (a.title ?? ACTIVITY_DEFAULTS[a.kind].title)[locale],
      prompt: (a.prompt ?? ACTIVITY_DEFAULTS[a.kind].prompt)[locale]
    }))
  };
}

/** Every template in one language, for the chooser. */
export const workshopTemplates = (locale: Locale): WorkshopTemplate[] => (Object.keys(SOURCES) as TemplateId[]).map((id) => workshopTemplate(id, locale));

/** The default title and prompt of a new activity of `kind` the facilitator adds. */
export const activityDefaults = (kind: ActivityKind, locale: Locale) => ({ title: ACTIVITY_DEFAULTS[kind].title[locale], prompt: ACTIVITY_DEFAULTS[kind].prompt[locale] });
