// Data a page fetches: loading, the result, or a failure already reported. Call `load()` inside an $effect so
// that it fetches again when what the fetcher reads (e.g. the current organisation) changes.
export class Resource<T> {
  data = $state<T | undefined>(undefined);
  loading = $state(true);
  failed = $state(false);
  #generation = 0;

  constructor(
    private readonly fetcher: () => Promise<T>,
    private readonly onError: (error: unknown) => void
  ) {}

  async load(): Promise<void> {
    // Only the latest request may write: a slow answer for the previous organisation must not win.
    const generation = ++this.#generation;
    const pending = this.fetcher();
    this.loading = true;
    try {
      const value = await pending;
      if (generation !== this.#generation) return;
      this.data = value;
      this.failed = false;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.failed = true;
      this.onError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
