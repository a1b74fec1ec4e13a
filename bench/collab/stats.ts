// Small numeric helpers for the benchmark's figures.

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** One sorted array of several sets of samples. */
export function merged(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return all.sort();
}

export function median(values: number[]): number {
  return percentile(sortedCopy(values), 50);
}

/** A growable buffer of doubles: hundreds of thousands of latencies without boxing each one. */
export class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** Field-by-field median of several results of one shape (numbers only; other fields from the first). */
export function medianRecord<T extends object>(records: T[]): T {
  const out = { ...records[0] } as Record<string, unknown>;
  for (const [key, value] of Object.entries(records[0])) {
    if (typeof value === 'number') out[key] = median(records.map((r) => (r as Record<string, number>)[key]));
  }
  return out as T;
}
