// One undo history per open document, for this person's own edits only: their typing (the Tiptap bindings'
// origin) and the structural changes they make through code (`LOCAL_ORIGIN`: adding, moving, removing entries,
// choosing a template). A remote person's edits are never undone from here.
import * as Y from 'yjs';
import { defaultDeleteFilter, defaultProtectedNodes, ySyncPluginKey } from '@tiptap/y-tiptap';

/** Origin of this person's own structural changes: undoable, like their typing. */
export const LOCAL_ORIGIN = Symbol('live-document-local');

/** The shared types one history covers (one type or several), as Yjs takes them. */
export type UndoScope = ConstructorParameters<typeof Y.UndoManager>[0];

/**
 * Editors unmount (an entry is removed, a tab changes) while the page lives on: the Tiptap binding destroys the
 * undo manager it was given when its editor goes, so the page's manager ignores that and is disposed by the page.
 */
export class PageUndoManager extends Y.UndoManager {
  constructor(scope: UndoScope) {
    super(scope, {
      trackedOrigins: new Set<unknown>([ySyncPluginKey, LOCAL_ORIGIN]),
      // keeps the paragraph every text field needs, as the Tiptap binding's own manager does
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
      captureTransaction: (tr) => tr.meta.get('addToHistory') !== false
    });
  }
  override destroy(): void {}
  dispose(): void {
    super.destroy();
  }
}
