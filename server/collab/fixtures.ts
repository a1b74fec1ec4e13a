// Test fixtures: a document type of one plain text root (`t`), as the collaboration core's own tests and the
// benchmark use it, open to every authenticated writer.
import { DocumentTypes, type DocumentType } from './document-type';
import { s } from './schema';

export function textDocumentType(overrides: Partial<DocumentType> = {}): DocumentType {
  return {
    kind: 'text',
    match: (name) => (name.length > 0 && name.length <= 200 ? name : null),
    access: async () => 'write',
    schema: { roots: { t: s.text() } },
    maxBytes: 16 * 1024 * 1024,
    awareness: { cursor: s.oneOf(s.null(), s.json(1024)) },
    ...overrides
  };
}

export function textTypes(overrides: Partial<DocumentType> = {}): DocumentTypes {
  return new DocumentTypes([textDocumentType(overrides)]);
}

export const quietLog = { warn() {}, error() {} };
