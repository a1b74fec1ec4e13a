// A meeting's notes as a live document type: what the generic session ($lib/collab) needs to know about it.
import type { LiveDocumentType } from '$lib/collab/live-document.svelte';
import { isNotesReady, notesRoot, stepsMap } from '$shared/notes/model';

export const NOTES_DOCUMENT: LiveDocumentType = {
  // The server seeds the sections and the agenda; the page waits for them rather than creating them.
  isReady: isNotesReady,
  // One undo history over the sections and the next steps.
  undoScope: (doc) => [notesRoot(doc), stepsMap(doc)]
};
