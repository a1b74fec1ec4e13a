// The CV as a live document type: what the generic session ($lib/collab) needs to know about it.
import type { LiveDocumentType } from '$lib/collab/live-document.svelte';
import { cvRoot, isCvInitialised } from '$shared/cv';

export const CV_DOCUMENT: LiveDocumentType = {
  // The server seeds the structure; the form waits for it rather than creating it.
  isReady: isCvInitialised,
  // One undo history over the whole CV: every field, entries, levels, template.
  undoScope: cvRoot
};
