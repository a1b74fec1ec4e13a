// For unit tests: an empty board as the server seeds it (the four keyed collections under the root).
import * as Y from 'yjs';
import { BOARD_ROOT } from '../shared/workshops/model';

export function seedBoard(doc: Y.Doc): Y.Doc {
  doc.transact(() => {
    const root = doc.getMap(BOARD_ROOT);
    for (const name of ['columns', 'cards', 'groups', 'actions']) root.set(name, new Y.Map());
  });
  return doc;
}
