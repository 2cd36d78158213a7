import type { ServerResponse } from 'node:http';

/** Where a service sends a long list while it is still reading it: `{items, nextCursor}` in the end. */
export interface ListSink<T> {
  item(item: T): void;
  end(nextCursor: string | null): void;
}

const BATCH = 128;

/**
 * Writes a `{items, nextCursor}` list to the HTTP response while its items are still arriving from
 * the database, a batch at a time: PostgreSQL, the serialisation and the socket then work side by
 * side, and only a batch is alive when the garbage collector runs. A week's calendar (~1,200 entries,
 * ~470 KB) is the reason. The status is 200 once the first batch is out; a failure after that can only
 * cut the response short (ProblemFilter destroys it), never turn into a different answer.
 *
 * It writes to Node's response (Fastify's `reply.raw`) without hijacking the reply: Fastify then sends
 * nothing itself once the headers are out, and an error before the first batch still reaches
 * ProblemFilter, whose `reply.send()` would be a no-op on a hijacked reply.
 */
export class JsonListWriter<T> implements ListSink<T> {
  private batch: string[] = [];
  private started = false;

  constructor(private readonly response: ServerResponse) {}

  item(item: T): void {
    this.batch.push(JSON.stringify(item));
    if (this.batch.length >= BATCH) this.flush();
  }

  end(nextCursor: string | null): void {
    this.flush();
    this.response.end(`],"nextCursor":${JSON.stringify(nextCursor)}}`);
  }

  private flush(): void {
    const items = this.batch.join(',');
    this.batch = [];
    if (!this.started) {
      this.started = true;
      this.response.statusCode = 200;
      this.response.setHeader('Content-Type', 'application/json; charset=utf-8');
      this.response.write(`{"items":[${items}`);
    } else if (items) {
      this.response.write(`,${items}`);
    }
  }
}
