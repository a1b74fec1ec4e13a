// Two replicas of one document that exchange updates on demand, to play concurrent edits in unit tests.
import * as Y from 'yjs';

export function replicas(): [Y.Doc, Y.Doc] {
  return [new Y.Doc(), new Y.Doc()];
}

/** Sends each side the other's missing updates. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}
