/**
 * Gathers single requests into batches per key: while `lanes` batches of a key are being processed,
 * new requests for that key wait and go together in the next. With no load a request goes alone at
 * once (no added delay); under load batches grow to match it. Used by the notification worker so that
 * claiming and marking many messages costs one transaction each instead of one per message.
 */
export class MicroBatcher<K, In, Out> {
  private readonly waiting = new Map<K, { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[]>();
  private readonly busy = new Map<K, number>();
  /** Keys whose next batch starts at the end of this turn of the event loop (`gather`). */
  private readonly scheduled = new Set<K>();

  constructor(
    /** Processes one batch; returns one result per input, in order. */
    private readonly process: (key: K, inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 100,
    /** Batches of one key processed at the same time. */
    private readonly lanes = 1,
    /**
     * With a lane free, wait for the rest of this turn of the event loop (setImmediate) before starting
     * the batch: requests made by callbacks of the same I/O event (many jobs started by one fetch, many
     * sends finished by one read) go together instead of one by one. No timer, so no added delay
     * beyond the work already queued.
     */
    private readonly gather = false,
  ) {}

  request(key: K, input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ input, resolve, reject });
      else this.waiting.set(key, [{ input, resolve, reject }]);
      if ((this.busy.get(key) ?? 0) >= this.lanes) return;
      if (!this.gather) return void this.drain(key);
      if (this.scheduled.has(key)) return;
      this.scheduled.add(key);
      setImmediate(() => {
        this.scheduled.delete(key);
        if ((this.busy.get(key) ?? 0) < this.lanes && this.waiting.has(key)) void this.drain(key);
      });
    });
  }

  private async drain(key: K): Promise<void> {
    this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
    try {
      for (;;) {
        const queue = this.waiting.get(key);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, this.maxBatch);
        if (queue.length === 0) this.waiting.delete(key);
        try {
          const results = await this.process(
            key,
            batch.map((entry) => entry.input),
          );
          if (results.length !== batch.length) throw new Error(`Batch of ${batch.length} produced ${results.length} results`);
          batch.forEach((entry, i) => entry.resolve(results[i]!));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      const lanes = (this.busy.get(key) ?? 1) - 1;
      if (lanes > 0) this.busy.set(key, lanes);
      else this.busy.delete(key);
    }
  }
}
