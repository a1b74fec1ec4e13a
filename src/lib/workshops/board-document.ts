// The board and a private draft as live document types: what the generic session ($lib/collab) needs to know.
import * as Y from 'yjs';
import type { LiveDocumentType } from '$lib/collab/live-document.svelte';
import { DRAFT_ROOT } from '$shared/workshops/model';
import { boardRoot, isBoardReady } from './board-doc';

export const BOARD_DOCUMENT: LiveDocumentType = {
  // The server seeds the four collections; the board waits for them rather than creating them.
  isReady: isBoardReady,
  undoScope: boardRoot
};

export const DRAFT_DOCUMENT: LiveDocumentType = {
  isReady: (doc) => doc.getMap<unknown>(DRAFT_ROOT).get('cards') instanceof Y.Map,
  undoScope: (doc) => doc.getMap(DRAFT_ROOT)
};
