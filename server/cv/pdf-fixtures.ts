// Invented CVs for the PDF tests: Brussels names in French and Dutch, accents, Dutch "IJ", euro sign, quotes.
import { emptyCvJson, type CvJson } from '../../src/lib/shared/cv/json.ts';
import type { RichBlock } from '../../src/lib/shared/cv/rich.ts';

// ids only need to be unique within one CV
const id = (): string => `e${Math.random().toString(36).slice(2, 12)}`;

export function shortCv(): CvJson {
  const cv = emptyCvJson();
  cv.header = {
    name: 'Sofie Vandenbroucke-Ghijsels',
    headline: 'Aide-soignante diplômée — écoute, hygiène & sécurité',
    email: 'sofie.vdb@example.org',
    phone: '+32 486 55 21 09',
    commune: 'Schaerbeek',
    links: [{ id: id(), label: 'LinkedIn', url: 'https://www.example.org/in/sofie-vdb' }]
  };
  cv.summary = [
    {
      type: 'paragraph',
      runs: [
        { text: 'Aide-soignante ' },
        { text: 'bilingue', bold: true },
        { text: ' (français, néerlandais) avec huit ans d’expérience en maison de repos. « Toujours à l’écoute », ' },
        { text: 'ponctuelle', italic: true },
        { text: ' et formée aux premiers secours.' }
      ]
    }
  ];
  cv.sections.experience = [
    {
      id: id(),
      title: 'Aide-soignante',
      employer: 'Résidence Les Tilleuls',
      place: 'Ixelles',
      start: '2019',
      end: '',
      description: [
        { type: 'bullet', runs: [{ text: 'Soins d’hygiène et de confort pour 24 résidents' }] },
        { type: 'bullet', runs: [{ text: 'Transmissions écrites, ' }, { text: 'suivi des repas', bold: true }] },
        { type: 'bullet', runs: [{ text: 'Accueil des familles — « Noël Dubœuf » m’a confié l’animation de Noël' }] }
      ]
    },
    {
      id: id(),
      title: 'Zorgkundige (interim)',
      employer: 'WZC Ter IJzer',
      place: 'Sint-Jans-Molenbeek',
      start: '2016',
      end: '2019',
      description: [
        { type: 'paragraph', runs: [{ text: 'Zoë Van Rijckeghem, hoofdverpleegkundige: verzorging en begeleiding van bewoners.' }] },
        { type: 'ordered', runs: [{ text: 'Ochtendzorg' }] },
        { type: 'ordered', runs: [{ text: 'Medicatiebegeleiding' }] }
      ]
    }
  ];
  cv.sections.education = [
    { id: id(), degree: 'Brevet d’aide-soignante', school: 'Institut Sainte-Marie', place: 'Saint-Gilles', start: '2014', end: '2016', description: [] }
  ];
  cv.sections.skills = [
    { id: id(), name: 'Soins d’hygiène', level: 5 },
    { id: id(), name: 'Premiers secours', level: 4 },
    { id: id(), name: 'Word & e-mail', level: 3 },
    { id: id(), name: 'Gestion du stress', level: null }
  ];
  cv.sections.languages = [
    { id: id(), language: 'Français', level: 'C2' },
    { id: id(), language: 'Nederlands', level: 'B2' },
    { id: id(), language: 'English', level: 'A2' }
  ];
  cv.sections.certificates = [{ id: id(), name: 'Premiers secours (BEPS)', issuer: 'Croix-Rouge de Belgique', date: '2022' }];
  cv.sections.volunteering = [
    { id: id(), role: 'Bénévole', organisation: 'Restos du Cœur', place: 'Bruxelles', start: '2020', end: '', description: [] }
  ];
  cv.sections.interests = [{ id: id(), name: 'Chorale' }, { id: id(), name: 'Cuisine du monde' }, { id: id(), name: 'Vélo en ville' }];
  cv.sections.custom = [
    { id: id(), title: 'Permis & mobilité', body: [{ type: 'paragraph', runs: [{ text: 'Permis B, abonnement STIB. Budget formation : 450 € (Actiris).' }] }] }
  ];
  return cv;
}

const paragraph = (text: string): RichBlock => ({ type: 'paragraph', runs: [{ text }] });
const bullet = (text: string): RichBlock => ({ type: 'bullet', runs: [{ text }] });

/** Enough content for about four pages, with long descriptions that must break across pages. */
export function longCv(): CvJson {
  const cv = shortCv();
  const employers = ['Delhaize', 'Colruyt', 'Brico', 'bpost', 'STIB-MIVB', 'Bakkerij Peeters', 'Hôpital Érasme', 'IJsboerke', 'Café Ça Va', 'Les Petits Riens', 'Vandemoortele', 'Brasserie Cantillon', 'Ĳzerwinkel Ĳsselmonde', 'Łukasz Transport'];
  cv.sections.experience = employers.map((employer, i) => ({
    id: id(),
    title: i % 2 ? 'Magasinier-cariste' : 'Medewerker logistiek',
    employer,
    place: i % 2 ? 'Anderlecht' : 'Vilvoorde',
    start: `${1996 + i * 2}`,
    end: `${1997 + i * 2}`,
    description: [
      paragraph(
        'Réception et contrôle des marchandises, rangement selon la méthode FIFO, préparation des commandes et ' +
          'chargement des camions. Utilisation quotidienne du scanner et du logiciel de gestion de stock. ' +
          'Respect strict des consignes de sécurité et des délais de livraison.'
      ),
      bullet('Gestion d’un stock de 2 000 références — budget de 15 000 €'),
      bullet('Formation de trois nouveaux collègues (« parrainage »)'),
      bullet('Inventaire annuel : écart ramené sous 0,5 %')
    ]
  }));
  cv.sections.education.push(
    { id: id(), degree: 'Certificat de cariste', school: 'Bruxelles Formation', place: 'Anderlecht', start: '2003', end: '2003', description: [paragraph('Chariot élévateur, transpalette électrique, sécurité.')] },
    { id: id(), degree: 'Diploma secundair onderwijs', school: 'Koninklijk Atheneum', place: 'Etterbeek', start: '1996', end: '2002', description: [] }
  );
  cv.sections.skills = Array.from({ length: 14 }, (_, i) => ({ id: id(), name: `Compétence n° ${i + 1} — entrepôt`, level: (i % 5) + 1 }));
  return cv;
}
