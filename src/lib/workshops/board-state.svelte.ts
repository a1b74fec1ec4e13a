// What the board page derives from the board document: the view (columns, groups, cards, actions), recomputed at
// most once a frame however many updates arrive, so 40 people typing at once do not re-render 40 times.
import type * as Y from 'yjs';
import { readBoard, type BoardView } from './board-view';

export class BoardState {
  view = $state<BoardView>({ columns: [], actions: [], cards: new Map(), groups: new Map() });
  #frame: number | null = null;
  readonly #onUpdate = () => this.schedule();

  constructor(readonly doc: Y.Doc) {
    this.view = readBoard(doc);
    doc.on('update', this.#onUpdate);
  }

  schedule(): void {
    if (this.#frame !== null) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = null;
      this.view = readBoard(this.doc);
    });
  }

  /** Now, not at the next frame (after this person's own change, before announcing it). */
  recompute(): void {
    this.view = readBoard(this.doc);
  }

  destroy(): void {
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.doc.off('update', this.#onUpdate);
  }
}
