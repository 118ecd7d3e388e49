/**
 * Collects calls made in the same turn of the event loop (or within `windowMs`, when waiting a little
 * costs nothing that matters) and runs them as one batch, so concurrent deliveries share one
 * PostgreSQL round trip (and one commit) instead of each paying for its own. Each caller gets its
 * own result; if the batch fails, every caller in it gets the error.
 *
 * With `maxRunning`, at most that many batches run at once and what arrives meanwhile waits for the
 * next: under load the batches grow instead of their number, for statements that would otherwise
 * queue behind each other in PostgreSQL (on the same rows' locks) while each holds a connection.
 */
export class MicroBatcher<Item, Result> {
  private pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 200,
    private readonly windowMs = 0,
    private readonly maxRunning = Infinity,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.schedule(this.windowMs);
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.running >= this.maxRunning) return; // the batch that ends next takes it up
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (this.pending.length > 0) this.schedule(this.windowMs);
    this.running += 1;
    this.run(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, index) => entry.resolve(results[index])),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.running -= 1;
        // What waited has waited a batch's time already: no window on top.
        if (this.pending.length > 0) this.schedule(0);
      });
  }

  private schedule(windowMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (windowMs > 0) setTimeout(() => this.flush(), windowMs);
    else setImmediate(() => this.flush());
  }
}
