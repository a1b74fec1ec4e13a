// Partner companies (issue 13): mentors may volunteer through a company; its contact sees the participation
// figures of its own volunteers and nothing else.

export interface PartnerCompanyView {
  id: string;
  name: string;
  /** How many active mentors belong to it. */
  mentors: number;
}

/** The smallest number of people behind any figure shown to the umbrella role (smaller cells are suppressed). */
export const MIN_CELL_SIZE = 5;
