// One term's posting list: the ordinals of the documents holding the term, ascending, with the term's score
// in each. Typed arrays keep a journal's millions of postings compact (12 bytes each, against ~50 for a Map
// entry). The index gives every written document a new, highest ordinal, so adding is an append; entries of
// replaced or deleted documents are dropped in bulk by `retain` when the index compacts.

export class Postings {
  private ids: Int32Array;
  private scores: Float64Array;
  length = 0;

  constructor(capacity = 2) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** Index of `ord`, or -(insertion point) - 1 when absent. */
  private find(ord: number): number {
    let lo = 0;
    let hi = this.length - 1;
    const ids = this.ids;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid];
      if (v < ord) lo = mid + 1;
      else if (v > ord) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  set(ord: number, score: number): void {
    let i = this.find(ord);
    if (i >= 0) {
      this.scores[i] = score;
      return;
    }
    i = -i - 1;
    if (this.length === this.ids.length) this.grow();
    if (i < this.length) {
      this.ids.copyWithin(i + 1, i, this.length);
      this.scores.copyWithin(i + 1, i, this.length);
    }
    this.ids[i] = ord;
    this.scores[i] = score;
    this.length++;
  }

  /**
   * Keeps the entries whose ordinal maps to a new one (`remap[ord] >= 0`), renumbered. `remap` must be
   * increasing over kept ordinals, so the order stays sorted.
   */
  retain(remap: Int32Array): void {
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const to = remap[this.ids[i]];
      if (to < 0) continue;
      this.ids[n] = to;
      this.scores[n] = this.scores[i];
      n++;
    }
    this.length = n;
    if (this.ids.length > 8 && n * 4 < this.ids.length) this.resize(Math.max(4, n * 2));
  }

  /** The score of `ord` for this term, or undefined when the document does not hold it. */
  get(ord: number): number | undefined {
    const i = this.find(ord);
    return i >= 0 ? this.scores[i] : undefined;
  }

  has(ord: number): boolean {
    return this.find(ord) >= 0;
  }

  /** Calls `fn` for every (ordinal, score), ascending. */
  forEach(fn: (ord: number, score: number) => void): void {
    for (let i = 0; i < this.length; i++) fn(this.ids[i], this.scores[i]);
  }

  get bytes(): number {
    return this.ids.byteLength + this.scores.byteLength;
  }

  private grow(): void {
    this.resize(Math.max(4, this.ids.length * 2));
  }

  private resize(capacity: number): void {
    const ids = new Int32Array(capacity);
    const scores = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.length));
    scores.set(this.scores.subarray(0, this.length));
    this.ids = ids;
    this.scores = scores;
  }
}
