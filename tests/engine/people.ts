// Invented mentors and job seekers used as test data across the engine suite (French, Dutch and English names).
export const PEOPLE = [
  { name: 'Amélie Dubois', city: 'Lyon', lang: 'fr' },
  { name: 'Joris Van den Broeck', city: 'Gent', lang: 'nl' },
  { name: 'Grace Whitfield', city: 'Leeds', lang: 'en' },
  { name: 'Théo Lemaire', city: 'Lille', lang: 'fr' },
  { name: 'Femke de Vries', city: 'Utrecht', lang: 'nl' },
  { name: 'Oliver Pembroke', city: 'Bristol', lang: 'en' },
  { name: 'Camille Rousseau', city: 'Nantes', lang: 'fr' },
  { name: 'Sander Jansen', city: 'Rotterdam', lang: 'nl' },
  { name: 'Harriet Ashworth', city: 'York', lang: 'en' }
] as const;

export type Person = (typeof PEOPLE)[number];
