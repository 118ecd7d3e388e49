/**
 * Collects calls made in the same turn of the event loop (or within `windowMs`, when waiting a little
 * costs nothing that matters) and runs them as one batch, so concurrent deliveries share one
 * PostgreSQL round trip (and one commit) instead of each paying for its own. Each caller gets its
 * own result; if the batch fails, every caller in it gets the error.
 */
export class MicroBatcher<Item, Result> {
  private pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 200,
    private readonly windowMs = 0,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        this.later(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      this.later(() => this.flush());
    }
    this.run(batch.map((entry) => entry.item)).then(
      (results) => batch.forEach((entry, index) => entry.resolve(results[index])),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  }

  private later(flush: () => void): void {
    if (this.windowMs > 0) setTimeout(flush, this.windowMs);
    else setImmediate(flush);
  }
}
