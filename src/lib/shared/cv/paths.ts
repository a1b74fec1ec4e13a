// Field paths name one text field of a CV for comments and for the UI: `header/name`, `summary`,
// `header/links/<id>/url`, `experience/<id>/description`.
import { HEADER_FIELDS, LINK_FIELDS, SECTION_FIELDS, isSectionKey, type SectionKey } from './schema.ts';

export type FieldPath =
  | { kind: 'header'; field: string }
  | { kind: 'summary' }
  | { kind: 'entry'; collection: SectionKey | 'links'; id: string; field: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Parses a field path naming a text field (plain or rich); null when it names nothing the schema knows. */
export function parseFieldPath(path: string): FieldPath | null {
  if (typeof path !== 'string' || path.length > 200) return null;
  const parts = path.split('/');
  if (parts.length === 1 && parts[0] === 'summary') return { kind: 'summary' };
  if (parts.length === 2 && parts[0] === 'header') {
    return HEADER_FIELDS.some((f) => f.key === parts[1]) ? { kind: 'header', field: parts[1] } : null;
  }
  if (parts.length === 4 && parts[0] === 'header' && parts[1] === 'links') {
    const [, , id, field] = parts;
    return ID.test(id) && LINK_FIELDS.some((f) => f.key === field) ? { kind: 'entry', collection: 'links', id, field } : null;
  }
  if (parts.length === 3 && isSectionKey(parts[0])) {
    const [section, id, field] = parts as [SectionKey, string, string];
    const def = (SECTION_FIELDS[section] as readonly { key: string; kind: string }[]).find((f) => f.key === field);
    return ID.test(id) && def && (def.kind === 'plain' || def.kind === 'rich')
      ? { kind: 'entry', collection: section, id, field }
      : null;
  }
  return null;
}

export function headerPath(field: string): string {
  return `header/${field}`;
}

export function entryPath(collection: SectionKey | 'links', id: string, field: string): string {
  return collection === 'links' ? `header/links/${id}/${field}` : `${collection}/${id}/${field}`;
}
